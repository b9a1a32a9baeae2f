import { resolve } from 'node:path';
import type { Studio } from '../../core/api/studio';
import { hasEnded, TRAINING_ANNOTATION_SOURCES, TRAINING_BACKENDS, type RunStatus } from '../../shared/contract/training';
import { POLICY_PRESETS, RECIPE_CHOICES, STAGE1_SHARE } from '../../shared/training/recipes';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { integer, list, nonNegative, oneOf, positive, projectFolder, STUDIO_OPTIONS, stderrLines } from '../options';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';
import { createProgressPrinter } from './progress';

const RECIPE_IDS = RECIPE_CHOICES.map((c) => c.id);

const HELP = `usage: st4vla train <project> [--recipe ${RECIPE_IDS.join('|')}] [--preset quick|small] [options]

Trains the policy on the project's episodes in a worker process, as the studio's Training view does.
Stage 1 trains grounding (points, boxes, trajectories), stage 2 actions with grounding beside them.
Progress goes to stderr; each run's id and last checkpoint to stdout. Ctrl+C cancels the run after
its current step and writes a checkpoint (resume it in the studio); a second Ctrl+C kills the worker.

recipes (the stage follows from the recipe):
${RECIPE_CHOICES.map((c) => `  ${c.id.padEnd(21)}${c.explanation}`).join('\n')}

options:
  --recipe NAME          one of the recipes above (default st4vla)
  --preset NAME          ${Object.keys(POLICY_PRESETS).join(' | ')} (default quick)
  --steps N              optimiser steps, a chain's two runs together (default 1000)
  --stage1-steps N       st4vla: stage 1's share of the steps (default ${STAGE1_SHARE * 100} %)
  --grounding-weight X   stage 2's weight of the grounding loss (default: the recipe's)
  --batch N              samples per step (default 8)
  --lr X                 peak learning rate (default 1e-3)
  --seed N               weights and data order (default 0)
  --checkpoint-every N   steps between checkpoints (default 250)
  --eval-every N         validate every N steps and at the last (default 0: about ten times)
  --camera NAME          the camera the policy sees (default: the first dataset's first camera)
  --second-camera NAME   a second camera the policy sees too (grounding stays on --camera; default none)
  --datasets ID,ID       train on these datasets (default: all of the project's)
  --backend NAME         ${TRAINING_BACKENDS.join(' | ')} (default auto)
  --from-checkpoint ID   start from this checkpoint (e.g. stage 2 from a stage-1 checkpoint; no chain)
  --no-truth             do not use the sim's ground truth as grounding data (annotations only)
  --sources A,B          grounding from annotations of these sources only: ${TRAINING_ANNOTATION_SOURCES.join(', ')}
                         (default all)
  --predictions          also train on model predictions sent from rollouts that nobody corrected
                         (left out by default; an edited or relabelled one always counts)
  --scenes N             add N freshly rendered tabletop scenes as grounding data (sim datasets;
                         default 0)
  --name TEXT            the run's name (default: the recipe's)
  --data-dir DIR         the studio's data folder (default: ST4VLA_DATA_DIR or the platform's)
  --quiet                no progress on stderr
  -h, --help             show this help

On the wasm backend each step is split across every core; ST4VLA_TRAIN_THREADS=N sets the thread
count (1: one thread).

exit status: 0 succeeded, 1 failed, 2 usage error, 130 cancelled`;

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

export function createTrainCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'train',
    summary: 'train the policy (stage 1 grounding or stage 2 action) on a project, with progress',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          recipe: { type: 'string' },
          preset: { type: 'string' },
          steps: { type: 'string' },
          'stage1-steps': { type: 'string' },
          'grounding-weight': { type: 'string' },
          batch: { type: 'string' },
          lr: { type: 'string' },
          seed: { type: 'string' },
          'checkpoint-every': { type: 'string' },
          'eval-every': { type: 'string' },
          camera: { type: 'string' },
          'second-camera': { type: 'string' },
          datasets: { type: 'string' },
          backend: { type: 'string' },
          'from-checkpoint': { type: 'string' },
          'no-truth': { type: 'boolean', default: false },
          sources: { type: 'string' },
          predictions: { type: 'boolean', default: false },
          scenes: { type: 'string' },
          name: { type: 'string' },
          ...STUDIO_OPTIONS,
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        const project = projectFolder(positionals);
        const choice = RECIPE_CHOICES.find((c) => c.id === oneOf('--recipe', values.recipe, RECIPE_IDS, 'st4vla'))!;
        const preset = oneOf('--preset', values.preset, Object.keys(POLICY_PRESETS), 'quick');
        const stage1Steps = integer('--stage1-steps', values['stage1-steps'], 1);
        if (stage1Steps !== undefined && choice.id !== 'st4vla') throw new UsageError(`--stage1-steps is for --recipe st4vla, not ${choice.id}`);
        const groundingWeight = nonNegative('--grounding-weight', values['grounding-weight']);
        const backend = oneOf('--backend', values.backend, TRAINING_BACKENDS, 'auto');
        const steps = integer('--steps', values.steps, 1) ?? 1000;
        const hyperparameters = {
          steps,
          batchSize: integer('--batch', values.batch, 1) ?? 8,
          learningRate: positive('--lr', values.lr) ?? 1e-3,
          seed: integer('--seed', values.seed, 0) ?? 0,
          warmupSteps: Math.min(100, Math.floor(steps / 10)),
          checkpointEvery: integer('--checkpoint-every', values['checkpoint-every'], 1) ?? Math.min(250, steps),
          evalEvery: integer('--eval-every', values['eval-every'], 0) ?? 0,
          ...(groundingWeight !== undefined ? { groundingWeight } : {}),
        };
        const annotationSources = list('--sources', values.sources, TRAINING_ANNOTATION_SOURCES);
        const initCheckpointId = integer('--from-checkpoint', values['from-checkpoint'], 1);
        const wantedDatasets = values.datasets?.split(',').map((id) => integer('--datasets', id.trim(), 1)!);
        const projectDir = resolve(project);

        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir, create: false });
        try {
          const datasets = await callStudio(studio, 'datasets.list', {});
          const chosen = wantedDatasets ? wantedDatasets.map((id) => datasets.find((d) => d.id === id) ?? id) : datasets;
          const missing = chosen.filter((d) => typeof d === 'number');
          if (missing.length > 0) throw new UsageError(`--datasets: no dataset ${missing.join(', ')} in this project (it has ${datasets.map((d) => d.id).join(', ') || 'none'})`);
          const picked = chosen as typeof datasets;
          if (picked.length === 0) throw new Error(`the project in ${projectDir} has no datasets to train on; import one first`);
          const camera = values.camera ?? picked[0]!.cameras[0];
          if (!camera) throw new Error(`dataset ${picked[0]!.id} has no camera; pass --camera`);
          return (await trainRun(studio, {
            name: values.name ?? (choice.id === 'stage1' ? 'st4vla stage 1' : choice.id),
            stage: choice.stage,
            datasetIds: picked.map((d) => d.id),
            ...(initCheckpointId !== undefined ? { initCheckpointId } : {}),
            ...(stage1Steps !== undefined ? { stage1Steps } : {}),
            config: { recipe: choice.recipe, preset, backend, hyperparameters, data: {
              camera,
              ...(values['second-camera'] !== undefined ? { secondCamera: values['second-camera'] } : {}),
              groundTruth: !values['no-truth'],
              ...(annotationSources ? { annotationSources } : {}),
              predictions: values.predictions,
              ...(values.scenes !== undefined ? { scenes: integer('--scenes', values.scenes, 0) } : {}),
            } },
          }, projectDir, values.quiet)).code;
        } finally {
          await studio.close();
        }
      } catch (err) {
        return reportFailure('train', err);
      }
    },
  };
}

export type StartInput = Parameters<typeof callStudio<'training.start'>>[2];

export interface RunOutcome {
  /** The process exit code: 0 succeeded, 130 cancelled, 1 failed. */
  code: number;
  runId: number;
  checkpoint: { id: number; step: number; path: string } | null;
}

/**
 * Starts the run, follows its events to the end, and prints the summary; a chain (recipe st4vla) is
 * followed into its stage 2, and the outcome is that of the last run.
 */
export async function trainRun(studio: Studio, input: StartInput, projectDir: string, quiet: boolean): Promise<RunOutcome> {
  const write = stderrLines(quiet);
  const printJob = createProgressPrinter(write);
  let runId: number | undefined;
  let loss: number | undefined;
  let lastLineAt = -Infinity;
  // Every run's end as it comes: a chain's stage 2 may end before this follows it.
  const endings = new Map<number, { status: RunStatus; error: string | null }>();
  let wake: () => void = () => undefined;
  const unsubscribe = studio.subscribe((event, payload) => {
    const p = payload as Record<string, any>;
    if (event === 'job.progress' && typeof p.jobId === 'string' && p.jobId.startsWith('train-')) printJob(p as never);
    if (event === 'training.changed' && hasEnded(p.status)) {
      endings.set(p.runId, { status: p.status, error: p.error });
      wake();
    }
    if (runId === undefined || p.runId !== runId) return;
    if (event === 'training.metrics' && typeof p.values?.loss === 'number') loss = p.values.loss;
    if (event === 'training.progress') {
      const now = Date.now();
      if (p.step < p.total && now - lastLineAt < 1000) return;
      lastLineAt = now;
      const percent = Math.floor((100 * p.step) / p.total);
      const parts = [`train: step ${p.step}/${p.total} (${percent}%)`];
      if (loss !== undefined) parts.push(`loss ${loss.toFixed(4)}`);
      parts.push(`${p.samplesPerSec.toFixed(1)} samples/s`);
      if (p.eta !== null) parts.push(`ETA ${formatEta(p.eta)}`);
      write(parts.join('  '));
    }
  });

  let interrupts = 0;
  const onInterrupt = () => {
    if (runId === undefined) return;
    interrupts += 1;
    const id = runId;
    if (interrupts === 1) {
      write(`train: cancelling run ${id} after its current step (Ctrl+C again to kill it)`);
      void studio.dispatch('training.cancel', { id });
    } else {
      write(`train: killing run ${id}`);
      void studio.dispatch('training.kill', { id });
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    let run = await callStudio(studio, 'training.start', input);
    for (;;) {
      runId = run.id;
      loss = undefined;
      write(`train: run ${run.id} "${run.name}" started (${run.runDir})${run.nextStage ? `; "${run.nextStage.name}" follows for ${run.nextStage.steps} steps` : ''}`);
      // The run may have ended between the start and this line only through events it already sent.
      const detail0 = await callStudio(studio, 'training.get', { id: run.id });
      if (hasEnded(detail0.run.status) && !endings.has(run.id)) endings.set(run.id, { status: detail0.run.status, error: detail0.run.error });
      const id = run.id;
      await new Promise<void>((done) => {
        wake = () => endings.has(id) && done();
        wake();
      });
      const detail = await callStudio(studio, 'training.get', { id });
      const last = detail.checkpoints.at(-1);
      const status = detail.run.status;
      write(`train: run ${id} ${status} on ${detail.run.backend ?? 'no backend'}${detail.run.error ? `: ${detail.run.error}` : ''}`);
      process.stdout.write(`run ${id} ${status}\n`);
      const checkpoint = last ? { id: last.id, step: last.step, path: resolve(projectDir, last.path) } : null;
      if (checkpoint) process.stdout.write(`checkpoint ${checkpoint.id} step ${checkpoint.step} ${checkpoint.path}\n`);
      const outcome = { code: status === 'succeeded' ? 0 : status === 'cancelled' ? 130 : 1, runId: id, checkpoint };
      if (status !== 'succeeded' || !run.nextStage) return outcome;
      run = await nextRunOf(studio, id);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
  }
}

/** The stage 2 the studio started after a chain's stage 1 succeeded (its row exists before its data is ready). */
async function nextRunOf(studio: Studio, parentId: number): Promise<Awaited<ReturnType<typeof callStudio<'training.start'>>>> {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const next = (await callStudio(studio, 'training.list', {})).find((r) => r.parentRunId === parentId);
    if (next) return next;
  }
  throw new Error(`run ${parentId} succeeded but its stage 2 did not start`);
}

export const trainCommand = createTrainCommand(openRealStudio);
