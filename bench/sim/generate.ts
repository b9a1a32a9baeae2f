/**
 * Time to generate the default sample dataset (40 episodes, two cameras at 320x240) into a temp
 * folder. The bar is under 60 s on the 2-core reference machine.
 * Run: npx tsx bench/sim/generate.ts [definition]   (a built-in name or a file; default: sample)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDataset, type GenerationResult } from '../../src/core/datasets/sim';
import { printTable } from '../table';

export const SAMPLE_BUDGET_SECONDS = 60;

export interface GenerationMeasurement extends GenerationResult {
  framesPerSecond: number;
}

export async function measureGeneration(definition = 'sample', onLine?: (line: string) => void): Promise<GenerationMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'st4vla-bench-generate-'));
  try {
    const result = await generateDataset(definition, join(dir, definition.replace(/\W+/g, '-')), {
      onProgress: (p) => onLine?.(`${p.phase} ${p.episodesDone}/${p.episodesTotal} ${p.elapsedSeconds.toFixed(1)}s`),
    });
    return { ...result, framesPerSecond: result.frames / result.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds to generate the default sample into a temp dir (deleted afterwards). */
export async function measureSampleGeneration(): Promise<number> {
  return (await measureGeneration('sample')).seconds;
}

async function runDirectly(): Promise<void> {
  const definition = process.argv[2] ?? 'sample';
  const m = await measureGeneration(definition, (line) => process.stderr.write(line + '\n'));
  const isSample = definition === 'sample';
  printTable('bench/sim/generate', ['definition', 'episodes', 'frames', 'seconds', 'frames/s', 'bar', ''], [
    [definition, String(m.episodes), String(m.frames), m.seconds.toFixed(1), m.framesPerSecond.toFixed(0),
      isSample ? `< ${SAMPLE_BUDGET_SECONDS}` : '', isSample ? (m.seconds < SAMPLE_BUDGET_SECONDS ? 'ok' : 'MISSED') : ''],
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDirectly().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
