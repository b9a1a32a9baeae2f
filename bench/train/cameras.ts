/**
 * `npx tsx bench/train/cameras.ts`: what a second camera costs a stage-2 step. The tiny sample is
 * prepared twice (front; front + side) through the studio's own data path, then the worker's trainPolicy
 * runs a few steps on each, alternating rounds so both see the same machine load, and the table gives the
 * samples/s the run reports (batch building, tensors, the step), the first step of every run left out.
 * Options: --preset quick --batch 16 --steps 6 --rounds 3 --backend wasm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeProject, createProject } from '../../src/core/project/project';
import { buildSample } from '../../src/core/samples/sampleProject';
import { prepareTrainingData } from '../../src/core/training/data/prepare';
import { dataConfigOf } from '../../src/core/training/runData';
import { TrainingConfig } from '../../src/shared/contract/training';
import { trainPolicy } from '../../src/worker/train/run';
import { median, printTable } from '../table';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'quick' },
    batch: { type: 'string', default: '16' },
    steps: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
  },
});

const TINY_SAMPLE = resolve('test/fixtures/sample-tiny.json');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-bench-cameras-'));
try {
  const project = createProject(join(temp, 'project'), { name: 'cameras bench' });
  const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  const setups = [
    { label: 'front', data: { camera: 'front', groundTruth: true } },
    { label: 'front + side', data: { camera: 'front', secondCamera: 'side', groundTruth: true } },
  ].map((s, i) => {
    const config = TrainingConfig.parse({
      recipe: 'spatially-guided', preset: values.preset, backend: values.backend, data: s.data,
      hyperparameters: { steps: Number(values.steps), batchSize: Number(values.batch), warmupSteps: 1, checkpointEvery: 1_000_000, evalEvery: 1_000_000 },
    });
    return { ...s, config, runDir: join(temp, `run-${i}`), rates: [] as number[], seconds: [] as number[] };
  });
  for (const s of setups) await prepareTrainingData(project, dataConfigOf({ stage: 'action', config: s.config, datasetIds: [datasetId] }), s.runDir);
  closeProject(project);

  let backend = '';
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const s of setups) {
      const rates: number[] = [];
      await trainPolicy({ runId: 1, config: s.config, runDir: s.runDir, signal: new AbortController().signal }, {
        backend: (name) => (backend = name),
        progress: () => undefined,
        metrics: (_step, m) => m.samples_per_sec !== undefined && rates.push(m.samples_per_sec),
        checkpoint: () => undefined,
        log: () => undefined,
      });
      s.rates.push(...rates.slice(1));
    }
  }
  const base = median(setups[0]!.rates);
  printTable(
    `Stage-2 steps of the ${values.preset} preset on ${backend}, batch ${values.batch} (+ ${values.batch} grounding), ${values.rounds} alternating rounds of ${values.steps} steps`,
    ['cameras', 'steps', 'samples/s median', 'fastest', 'ms/step', 'vs one camera'],
    setups.map((s) => {
      const m = median(s.rates);
      return [s.label, String(s.rates.length), m.toFixed(1), Math.max(...s.rates).toFixed(1), ((Number(values.batch) / m) * 1000).toFixed(0), `${((m / base) * 100).toFixed(0)} %`];
    }),
  );
} finally {
  rmSync(temp, { recursive: true, force: true });
}
