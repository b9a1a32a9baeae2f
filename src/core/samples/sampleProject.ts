import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from '../datasets/sim';
import { importLeRobot } from '../datasets/import/importDataset';
import type { Project } from '../project/project';

export const SAMPLE_DEFINITION = 'sample';
export const SAMPLE_FOLDER = 'sources/tabletop-sample';

export interface SampleProgress {
  phase: 'generating' | 'importing';
  done: number;
  total: number;
}

/**
 * Fills a new project with the built-in sample: the environment writes a real LeRobot dataset into the
 * project folder and it comes in through the same importer as any other dataset.
 */
export async function buildSample(
  project: Project,
  onProgress: (p: SampleProgress) => void,
  definition = SAMPLE_DEFINITION,
  signal?: AbortSignal,
): Promise<number> {
  const out = join(project.dir, SAMPLE_FOLDER);
  if (!existsSync(join(out, 'meta/info.json'))) {
    await generateDataset(definition, out, {
      force: true,
      signal,
      onProgress: (p) => onProgress({ phase: 'generating', done: p.episodesDone, total: p.episodesTotal }),
    });
  }
  return importLeRobot(project, out, {
    signal,
    onProgress: (p) => onProgress({ phase: 'importing', done: p.done, total: p.total }),
  });
}
