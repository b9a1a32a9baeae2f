/**
 * `npm run bench:rollout`: evaluation episodes per minute of a quick-preset checkpoint (policy and
 * environment together, batched, one prediction per step) with recording off (evaluatePolicy: the
 * policy's camera only, nothing kept), with recording on but no grounding questions (both cameras
 * rendered, hashed and encoded, truth and events per step), and recording on with the policy's point,
 * box and trajectory asked every step (the full record). Trains a small checkpoint on the tiny sample
 * first unless --checkpoint is given (then --size must be the size its dataset's videos have).
 * Each mode runs --repeat times and the fastest run is shown: the machine is shared, the slow runs are the noise.
 * Options: --checkpoint <dir> --size 64x64 --episodes 8 --batch 8 --variant in_distribution --steps 20 --repeat 2 --keep
 * The other half of the rollout benchmark, the player's replay frame rate and seek time with all overlays
 * on and off in Chromium, is `npm run bench:replay` (bench/rollout/replay.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeProject, createProject } from '../../src/core/project/project';
import { buildSample } from '../../src/core/samples/sampleProject';
import { createStudio } from '../../src/core/studio';
import { selectBackend } from '../../src/worker/backend/select';
import { evaluatePolicy } from '../../src/worker/eval/evaluate';
import { recordCheckpoint } from '../../src/worker/eval/recordCheckpoint';
import { printTable } from '../table';

const { values } = parseArgs({
  options: {
    checkpoint: { type: 'string' },
    size: { type: 'string', default: '64x64' },
    episodes: { type: 'string', default: '8' },
    batch: { type: 'string', default: '8' },
    variant: { type: 'string', default: 'in_distribution' },
    steps: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});

const [width, height] = values.size.split('x').map(Number) as [number, number];
const episodes = Number(values.episodes);
const batchSize = Number(values.batch);
const temp = mkdtempSync(join(tmpdir(), 'st4vla-bench-rollout-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

async function trainQuick(): Promise<string> {
  const projectDir = join(temp, 'project');
  const project = createProject(projectDir, { name: 'bench' });
  const datasetId = await buildSample(project, () => undefined, resolve('test/fixtures/sample-tiny.json'));
  closeProject(project);
  const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
  try {
    const steps = Number(values.steps);
    const started = await studio.dispatch('training.start', {
      name: 'bench', stage: 'action', datasetIds: [datasetId],
      config: { recipe: 'st4vla', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps, batchSize: 4, warmupSteps: 1, checkpointEvery: steps } },
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = (started.result as { id: number }).id;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const got = await studio.dispatch('training.get', { id });
      const detail = got.ok ? (got.result as any) : undefined;
      if (detail?.run.status === 'succeeded') return join(projectDir, detail.checkpoints.at(-1).path);
      if (['failed', 'cancelled'].includes(detail?.run.status)) throw new Error(`training ${detail.run.status}: ${detail.run.error}`);
    }
  } finally {
    await studio.close();
  }
}

try {
  const checkpoint = values.checkpoint ?? (log(`training a ${values.steps}-step quick checkpoint on the tiny sample...`), await trainQuick());
  const backend = await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
  const common = { variants: [values.variant], episodes, seed: 1000, batchSize };
  const rows: string[][] = [];
  const row = (mode: string, n: number, steps: number, seconds: number) =>
    rows.push([mode, String(n), String(steps), seconds.toFixed(1), (n / (seconds / 60)).toFixed(1), (steps / seconds).toFixed(1)]);

  const repeat = Math.max(1, Number(values.repeat));
  const fastest = async (run: () => Promise<{ n: number; steps: number; seconds: number }>) => {
    let best = await run();
    for (let i = 1; i < repeat; i++) {
      const next = await run();
      if (next.seconds < best.seconds) best = next;
    }
    return best;
  };

  log('recording off...');
  const off = await fastest(async () => {
    const result = await evaluatePolicy(checkpoint, { ...common, execute: 1, random: false, source: { width, height } });
    const n = result.policy.reduce((s, v) => s + v.n, 0);
    return { n, steps: Math.round(result.meanSteps * n), seconds: result.seconds };
  });
  row('off (evaluatePolicy)', off.n, off.steps, off.seconds);

  let runs = 0;
  for (const grounding of [false, true]) {
    log(`recording on, grounding ${grounding ? 'on' : 'off'}...`);
    const on = await fastest(async () => {
      const summary = await recordCheckpoint({ ...common, checkpointDir: checkpoint, outDir: join(temp, `rollouts-${runs++}`), size: { width, height }, execute: 1, grounding });
      return { n: summary.episodes, steps: Math.round(summary.meanSteps * summary.episodes), seconds: summary.seconds };
    });
    row(`on, ${grounding ? 'with' : 'no'} grounding`, on.n, on.steps, on.seconds);
  }
  printTable(
    `Evaluation throughput (${backend.package}, ${width}x${height}, batch ${batchSize}, execute 1, ${values.variant}, fastest of ${repeat})`,
    ['recording', 'episodes', 'steps', 'seconds', 'episodes/min', 'steps/s'],
    rows,
  );
} finally {
  if (!values.keep) rmSync(temp, { recursive: true, force: true });
}
