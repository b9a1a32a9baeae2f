import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeProject, createProject } from '../../core/project/project';
import { buildSample, SAMPLE_DEFINITION } from '../../core/samples/sampleProject';
import { loadDefinition, shownFamilies } from '../../core/datasets/sim/definition';
import { forkWorker } from '../../core/training/fork';
import { defaultWorkerEntry } from '../../core/training/workerEntry';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { integer, STUDIO_OPTIONS, stderrLines } from '../options';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';
import { alignedTable, interval, percent } from '../table';
import { createProgressPrinter } from './progress';
import { POLICY_RECIPES } from '../../shared/training/recipes';
import { trainRun, type StartInput } from './train';

/**
 * Rendered scenes the demo's runs add to their grounding data: the sample's 40 episodes show 40 table
 * layouts, which the model remembers rather than learns to ground in (bench/train/learn.ts --scenes).
 */
const DEMO_SCENES = 2000;

const HELP = `usage: st4vla demo [DIR] [options]

The whole loop on a fresh machine: builds the sample project in DIR (default ./st4vla-demo), trains
the st4vla chain (stage 1 grounding, then stage 2 from its checkpoint, which the studio starts by
itself) with the quick preset, runs the
policy in the built-in tabletop environment on in_distribution and one held-out variant beside the
random policy, and prints the success rates with 95% Wilson intervals.

options:
  --steps1 N         stage-1 steps (default 1000: the rendered scenes need them)
  --steps2 N         stage-2 steps (default 1500)
  --batch N          samples per step (default 16)
  --scenes N         rendered tabletop scenes added to the grounding data (default ${DEMO_SCENES}; 0 for
                     the sample's own frames only)
  --episodes N       evaluation episodes per variant (default 20)
  --variant NAME     the held-out variant (default unseen_positions)
  --recipe NAME      ${Object.keys(POLICY_RECIPES).join(' | ')} (default st4vla); the others train
                     from scratch for steps1 + steps2 steps, the same compute
  --definition NAME  the sample's dataset definition (default ${SAMPLE_DEFINITION})
  --data-dir DIR     the studio's data folder (default: ST4VLA_DATA_DIR or the platform's)
  --quiet            no progress on stderr
  -h, --help         show this help`;

interface VariantRow {
  variant: string;
  successes: number;
  n: number;
  rate: number;
  ci: [number, number];
}
interface Evaluation {
  backend: string;
  result: { policy: VariantRow[]; random: VariantRow[]; meanSteps: number; seconds: number };
}

/** Runs the worker in evaluation mode; resolves with its result, rejects with its error. */
function evaluateInWorker(request: Record<string, unknown>, progress: (done: number, total: number) => void): Promise<Evaluation> {
  return new Promise((done, fail) => {
    const child = forkWorker(defaultWorkerEntry(), ['evaluate', JSON.stringify(request)]);
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-2000)));
    child.stdout?.resume();
    child.on('message', (message: any) => {
      if (message?.type === 'episode') progress(message.done, message.total);
      if (message?.type === 'result') (settled = true), done(message as Evaluation);
      if (message?.type === 'error') (settled = true), fail(new Error(`evaluation: ${message.message}`));
    });
    child.on('exit', (code) => {
      if (!settled) fail(new Error(`the evaluation worker exited with code ${code}${stderr ? ` (last output: ${stderr.trim().split('\n').at(-1)})` : ''}`));
    });
  });
}

/** The result as an aligned text table. */
export function successTable(policy: VariantRow[], random: VariantRow[]): string {
  return alignedTable([
    ['variant', 'policy', '95% CI', 'random', '95% CI'],
    ...policy.map((p, i) => {
      const r = random[i]!;
      return [p.variant, `${p.successes}/${p.n} ${percent(p.rate)}`, interval(p.ci), `${r.successes}/${r.n} ${percent(r.rate)}`, interval(r.ci)];
    }),
  ]);
}

export function createDemoCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'demo',
    summary: 'build the sample, train stage 1 and 2, and evaluate the policy in the environment',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          steps1: { type: 'string' },
          steps2: { type: 'string' },
          batch: { type: 'string' },
          episodes: { type: 'string' },
          scenes: { type: 'string' },
          variant: { type: 'string' },
          recipe: { type: 'string' },
          definition: { type: 'string' },
          ...STUDIO_OPTIONS,
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        if (positionals.length > 1) throw new UsageError('too many arguments');
        const steps1 = integer('--steps1', values.steps1, 1) ?? 1000;
        const steps2 = integer('--steps2', values.steps2, 1) ?? 1500;
        const batchSize = integer('--batch', values.batch, 1) ?? 16;
        const episodes = integer('--episodes', values.episodes, 1) ?? 20;
        const scenes = integer('--scenes', values.scenes, 0) ?? DEMO_SCENES;
        const variant = values.variant ?? 'unseen_positions';
        if (variant === 'in_distribution') throw new UsageError('--variant must be a held-out variant, not in_distribution');
        const recipe = values.recipe ?? 'st4vla';
        if (!Object.hasOwn(POLICY_RECIPES, recipe)) throw new UsageError(`--recipe must be one of ${Object.keys(POLICY_RECIPES).join(', ')}, got "${recipe}"`);
        const dir = resolve(positionals[0] ?? 'st4vla-demo');
        if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty; choose a new folder`);
        const quiet = values.quiet;
        const say = stderrLines(quiet);
        const started = Date.now();
        const seconds = () => (Date.now() - started) / 1000;
        const times: [string, number][] = [];
        const lap = (name: string, since: number) => times.push([name, seconds() - since]);

        const definition = values.definition ?? SAMPLE_DEFINITION;
        // The policy is evaluated on the task families it was shown, and only those.
        const families = shownFamilies(loadDefinition(definition)) ?? undefined;
        say(`demo: building the sample project in ${dir}`);
        const printSample = createProgressPrinter(say);
        const project = createProject(dir, { name: 'st4vla demo' });
        let datasetId: number;
        try {
          datasetId = await buildSample(project, (p) => printSample({ jobId: 'sample', kind: 'sample', phase: p.phase, done: p.done, total: p.total, finished: p.done === p.total }), definition);
        } finally {
          closeProject(project);
        }
        lap('sample', 0);

        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir: dir, create: false });
        let stage2Path: string;
        let source: { width: number; height: number };
        try {
          // The env renders at the video's size and squashes it as the training frames were.
          const first = (await callStudio(studio, 'episodes.list', { datasetId, limit: 1 })).rows[0];
          const camera = first && (await callStudio(studio, 'episodes.get', { id: first.id })).cameras.find((c) => c.name === 'front');
          if (!camera) throw new Error('the sample has no "front" camera to train on');
          source = { width: camera.width, height: camera.height };
          const steps = steps1 + steps2;
          const input: StartInput = {
            name: 'demo',
            stage: 'action',
            datasetIds: [datasetId],
            // The chain's split; the other recipes train from scratch for all the steps.
            ...(POLICY_RECIPES[recipe]!.chained ? { stage1Steps: steps1 } : {}),
            config: {
              recipe, preset: 'quick', data: { camera: 'front', groundTruth: true, valFraction: 0.05, scenes },
              hyperparameters: { steps, batchSize, learningRate: 1e-3, warmupSteps: Math.min(100, Math.floor(steps / 10)), checkpointEvery: steps },
            },
          };
          const outcome = await trainRun(studio, input, dir, quiet);
          if (outcome.code !== 0 || !outcome.checkpoint) throw new Error(`run ${outcome.runId} did not succeed`);
          stage2Path = outcome.checkpoint.path;
          // Each run's own time, from its row: a chain's two runs follow each other without this waiting.
          const last = (await callStudio(studio, 'training.get', { id: outcome.runId })).run;
          const parent = last.parentRunId === null ? null : (await callStudio(studio, 'training.get', { id: last.parentRunId })).run;
          const took = (run: typeof last) => ((run.finishedAt ?? Date.now()) - run.createdAt) / 1000;
          if (parent) times.push(['stage 1', took(parent)], ['stage 2', took(last)]);
          else times.push(['train', took(last)]);
        } finally {
          await studio.close();
        }

        const since = seconds();
        say(`demo: evaluating on in_distribution and ${variant}, ${episodes} episodes each${families ? ` of ${families.join(', ')}` : ''}, beside the random policy`);
        const printEval = createProgressPrinter(say);
        const evaluation = await evaluateInWorker(
          { checkpointDir: stage2Path, variants: ['in_distribution', variant], episodes, seed: 100_000, source, ...(families && { families }) },
          (done, total) => printEval({ jobId: 'evaluate', kind: 'evaluate', phase: 'episodes', done, total, finished: done === total }),
        );
        lap('evaluate', since);
        const { policy, random } = evaluation.result;
        process.stdout.write(`ST4VLA demo: ${recipe}, quick preset, ${steps1} + ${steps2} steps of ${batchSize}; ${episodes} episodes per variant${families ? ` (${families.join(', ')})` : ''}\n`);
        process.stdout.write(successTable(policy, random) + '\n');
        process.stdout.write(`time: ${times.map(([name, s]) => `${name} ${s.toFixed(0)}s`).join(', ')}; total ${seconds().toFixed(0)}s on ${evaluation.backend}\n`);
        return 0;
      } catch (err) {
        return reportFailure('demo', err);
      }
    },
  };
}

export const demoCommand = createDemoCommand(openRealStudio);
