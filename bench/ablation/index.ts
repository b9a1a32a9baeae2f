/**
 * `npm run bench:ablation`: the paper's ablation on the built-in environment. Builds the 40-episode sample
 * project once, trains the four recipes (vanilla VLA, vanilla co-train, spatially guided, ST4VLA = stage 1
 * then spatially guided stage 2) × N seeds with the same number of steps each, through training.start and
 * the real worker (ST4VLA as the studio's chain), evaluates every final checkpoint in the tabletop
 * environment on in_distribution and held-out variants, and prints one table: per recipe and variant the
 * mean success over seeds ± its spread (sample standard deviation), beside the random policy.
 * The vanilla VLA draws no grounding batch, so its steps are cheaper: the budget is steps, not seconds.
 * Options: --steps 500 --batch 16 --seeds 3 --episodes 20 --variants in_distribution,unseen_positions,unseen_objects
 *   --stage1-share 0.2 --lr 1e-3 --preset quick --recipes vanilla,vanilla-cotrain,spatially-guided,st4vla --keep
 *   --definition test/fixtures/sample-tiny.json (a smaller sample, to try the bench in a minute)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeProject, createProject } from '../../src/core/project/project';
import { buildSample } from '../../src/core/samples/sampleProject';
import { createStudio } from '../../src/core/studio';
import { VARIANTS } from '../../src/sim/contracts';
import { POLICY_PRESETS, POLICY_RECIPES } from '../../src/shared/training/recipes';
import { selectBackend } from '../../src/worker/backend/select';
import { evaluatePolicy } from '../../src/worker/eval/evaluate';
import { printTable } from '../table';

const ABLATION = ['vanilla', 'vanilla-cotrain', 'spatially-guided', 'st4vla'];
const LABELS: Record<string, string> = {
  'vanilla': 'vanilla VLA',
  'vanilla-cotrain': 'vanilla co-train',
  'spatially-guided': 'spatially guided',
  'st4vla': 'ST4VLA',
};

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '500' },
    batch: { type: 'string', default: '16' },
    seeds: { type: 'string', default: '3' },
    episodes: { type: 'string', default: '20' },
    variants: { type: 'string', default: 'in_distribution,unseen_positions,unseen_objects' },
    'stage1-share': { type: 'string', default: '0.2' },
    lr: { type: 'string', default: '1e-3' },
    preset: { type: 'string', default: 'quick' },
    recipes: { type: 'string', default: ABLATION.join(',') },
    definition: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function count(name: string, min: number): number {
  const n = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}, got "${values[name as keyof typeof values]}"`);
  return n;
}
const steps = count('steps', 2);
const batchSize = count('batch', 1);
const seeds = count('seeds', 1);
const episodes = count('episodes', 1);
const share = Number(values['stage1-share']);
if (!(share > 0 && share < 1)) throw new Error(`--stage1-share must be between 0 and 1, got "${values['stage1-share']}"`);
const stage1Steps = Math.max(1, Math.min(steps - 1, Math.round(steps * share)));
const variants = values.variants.split(',').map((v) => v.trim());
for (const v of variants) if (!(VARIANTS as readonly string[]).includes(v)) throw new Error(`--variants: "${v}" is not one of ${VARIANTS.join(', ')}`);
const recipes = values.recipes.split(',').map((r) => r.trim());
for (const r of recipes) if (!POLICY_RECIPES[r]) throw new Error(`--recipes: "${r}" is not one of ${Object.keys(POLICY_RECIPES).join(', ')}`);
if (!POLICY_PRESETS[values.preset]) throw new Error(`--preset: there is no preset "${values.preset}"`);

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(0) + 's';
const log = (line: string) => process.stderr.write(`[${elapsed()}] ${line}\n`);
const temp = mkdtempSync(join(tmpdir(), 'st4vla-ablation-'));
const projectDir = join(temp, 'sample');

const project = createProject(projectDir, { name: 'ablation' });
const datasetId = await buildSample(project, (p) => p.done === p.total && log(`sample: ${p.phase} ${p.done}/${p.total}`), ...(values.definition ? [values.definition] : []));
closeProject(project);
const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
studio.subscribe((event, payload: any) => {
  if (event === 'training.progress' && (payload.step % 100 === 0 || payload.step === payload.total)) {
    log(`run ${payload.runId}: step ${payload.step}/${payload.total}, ${payload.samplesPerSec.toFixed(0)} samples/s`);
  }
});

async function call(method: string, params: unknown): Promise<any> {
  const outcome = await studio.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result;
}

/** Waits for a run to succeed, then for the stage 2 it starts when it is a chain's stage 1. */
async function finalRun(id: number): Promise<any> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const detail = await call('training.get', { id });
    if (detail.run.status === 'failed' || detail.run.status === 'cancelled') throw new Error(`run ${id} (${detail.run.name}) ${detail.run.status}: ${detail.run.error}`);
    if (detail.run.status !== 'succeeded') continue;
    if (!detail.run.nextStage) {
      const child = (await call('training.list', {})).find((r: any) => r.parentRunId === id);
      if (!child) return detail;
      id = child.id;
    }
  }
}

interface Trained {
  recipe: string;
  seed: number;
  checkpoint: string;
  seconds: number;
}

const trained: Trained[] = [];
try {
  for (const recipe of recipes) {
    for (let seed = 0; seed < seeds; seed++) {
      const t = performance.now();
      const first = await call('training.start', {
        name: `${recipe} seed ${seed}`,
        stage: 'action',
        datasetIds: [datasetId],
        ...(POLICY_RECIPES[recipe]!.chained ? { stage1Steps } : {}),
        config: {
          recipe, preset: values.preset, data: { camera: 'front', groundTruth: true, valFraction: 0.05 },
          hyperparameters: { steps, batchSize, seed, learningRate: Number(values.lr), warmupSteps: Math.min(100, Math.floor(steps / 10)), checkpointEvery: steps },
        },
      });
      const detail = await finalRun(first.id);
      const seconds = (performance.now() - t) / 1000;
      trained.push({ recipe, seed, checkpoint: join(projectDir, detail.checkpoints.at(-1).path), seconds });
      log(`${recipe} seed ${seed}: trained in ${seconds.toFixed(0)}s, final loss ${detail.latest.loss?.value.toFixed(3)}`);
    }
  }
  await studio.close();

  // Evaluation in this process, on the same episodes for every checkpoint (one base seed).
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
  const rates = new Map<string, number[][]>(); // recipe → per variant → rate per seed
  let random: number[] | null = null;
  for (const run of trained) {
    const result = await evaluatePolicy(run.checkpoint, { variants, episodes, seed: 100_000, random: random === null });
    random ??= result.random!.map((r) => r.rate);
    const perVariant = rates.get(run.recipe) ?? variants.map(() => []);
    result.policy.forEach((r, i) => perVariant[i]!.push(r.rate));
    rates.set(run.recipe, perVariant);
    log(`${run.recipe} seed ${run.seed}: ${result.policy.map((r) => `${r.variant} ${r.successes}/${r.n}`).join(', ')} (${result.seconds.toFixed(0)}s)`);
  }

  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const cell = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return `${pct(mean)} ± ${(100 * sd).toFixed(0)}`;
  };
  const seconds = (recipe: string) => trained.filter((r) => r.recipe === recipe).reduce((a, r) => a + r.seconds, 0) / seeds;
  printTable(
    `Ablation on the sample's tabletop environment (${values.preset} preset, ${steps} steps of ${batchSize} per run${recipes.includes('st4vla') ? `, ST4VLA ${stage1Steps} of them stage 1` : ''}; ` +
      `${seeds} seed${seeds > 1 ? 's' : ''}; ${episodes} episodes per variant): success, mean over seeds ± sd in points`,
    ['recipe', 'train s/run', ...variants],
    [
      ...recipes.map((recipe) => [LABELS[recipe] ?? recipe, seconds(recipe).toFixed(0), ...rates.get(recipe)!.map(cell)]),
      ['random policy', '-', ...random!.map(pct)],
    ],
  );
  console.log(`total ${elapsed()}`);
} finally {
  await studio.close().catch(() => undefined);
  if (!values.keep) rmSync(temp, { recursive: true, force: true });
}
