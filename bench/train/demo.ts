/**
 * `npx tsx bench/train/demo.ts`: the issue's demo end to end, timed. Builds the 40-episode sample
 * project in a fresh folder, trains stage 1 (grounding) and stage 2 (action, from stage 1's checkpoint)
 * with the quick preset through training.start (the real worker process), then runs the stage-2
 * checkpoint in the tabletop environment on in_distribution and one held-out variant beside the random
 * policy, and prints the success table with Wilson intervals.
 * Options: --steps1 1000 --steps2 1500 --batch 16 --scenes 2000 --episodes 20 --variant unseen_positions --execute 8
 *   --recipe st4vla --keep (leave the project folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeProject, createProject } from '../../src/core/project/project';
import { buildSample } from '../../src/core/samples/sampleProject';
import { createStudio } from '../../src/core/studio';
import { selectBackend } from '../../src/worker/backend/select';
import { evaluatePolicy } from '../../src/worker/eval/evaluate';
import { printTable } from '../table';

const { values } = parseArgs({
  options: {
    steps1: { type: 'string', default: '1000' },
    steps2: { type: 'string', default: '1500' },
    batch: { type: 'string', default: '16' },
    lr: { type: 'string', default: '1e-3' },
    episodes: { type: 'string', default: '20' },
    scenes: { type: 'string', default: '2000' },
    variant: { type: 'string', default: 'unseen_positions' },
    execute: { type: 'string', default: '8' },
    recipe: { type: 'string', default: 'st4vla' },
    keep: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(0) + 's';
const log = (line: string) => process.stderr.write(`[${elapsed()}] ${line}\n`);
const temp = mkdtempSync(join(tmpdir(), 'st4vla-demo-'));
const projectDir = join(temp, 'sample');
const times: Record<string, number> = {};
const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    times[name] = (performance.now() - t) / 1000;
  }
};

const project = createProject(projectDir, { name: 'sample' });
const datasetId = await timed('sample', () => buildSample(project, (p) => log(`sample: ${p.phase} ${p.done}/${p.total}`)));
closeProject(project);
const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
studio.subscribe((event, payload: any) => {
  if (event === 'training.progress' && (payload.step % 100 === 0 || payload.step === payload.total)) log(`run ${payload.runId}: step ${payload.step}/${payload.total}, ${payload.samplesPerSec.toFixed(0)} samples/s`);
});

async function train(stage: 'grounding' | 'action', steps: number, initCheckpointId?: number): Promise<{ id: number; path: string; loss: number | undefined }> {
  const outcome = await studio.dispatch('training.start', {
    name: `demo ${stage}`, stage, datasetIds: [datasetId], ...(initCheckpointId ? { initCheckpointId } : {}),
    config: {
      recipe: values.recipe, preset: 'quick', data: { camera: 'front', groundTruth: true, valFraction: 0.05, scenes: Number(values.scenes) },
      hyperparameters: { steps, batchSize: Number(values.batch), learningRate: Number(values.lr), warmupSteps: Math.min(100, Math.floor(steps / 10)), checkpointEvery: steps },
    },
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const id = (outcome.result as { id: number }).id;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const got = await studio.dispatch('training.get', { id });
    if (!got.ok) throw new Error(got.error.message);
    const detail = got.result as any;
    if (detail.run.status === 'succeeded') {
      const last = detail.checkpoints.at(-1);
      return { id: last.id, path: join(projectDir, last.path), loss: detail.latest.loss?.value };
    }
    if (detail.run.status !== 'running' && detail.run.status !== 'queued') throw new Error(`${stage} run ${detail.run.status}: ${detail.run.error}`);
  }
}

try {
  const stage1 = await timed('stage 1', () => train('grounding', Number(values.steps1)));
  log(`stage 1 done, loss ${stage1.loss?.toFixed(3)}`);
  const stage2 = await timed('stage 2', () => train('action', Number(values.steps2), stage1.id));
  log(`stage 2 done, loss ${stage2.loss?.toFixed(3)}`);
  await studio.close();
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
  const variants = ['in_distribution', values.variant];
  const result = await timed('evaluate', () =>
    evaluatePolicy(stage2.path, { variants, episodes: Number(values.episodes), seed: 100_000, execute: Number(values.execute) }),
  );
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  printTable(
    `ST4VLA demo (${values.recipe}, quick preset, ${values.steps1} + ${values.steps2} steps of ${values.batch}): success over ${values.episodes} episodes per variant`,
    ['variant', 'policy', '95% CI', 'random', '95% CI'],
    result.policy.map((r, i) => {
      const random = result.random![i]!;
      return [r.variant, `${r.successes}/${r.n} (${pct(r.rate)})`, `${pct(r.ci[0])}–${pct(r.ci[1])}`, `${random.successes}/${random.n} (${pct(random.rate)})`, `${pct(random.ci[0])}–${pct(random.ci[1])}`];
    }),
  );
  console.log(`times: ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)}s`).join(', ')}; total ${elapsed()}`);
} finally {
  await studio.close().catch(() => undefined);
  if (!values.keep) rmSync(temp, { recursive: true, force: true });
}
