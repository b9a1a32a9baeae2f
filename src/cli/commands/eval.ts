import { resolve } from 'node:path';
import type { Studio } from '../../core/api/studio';
import { jobIdOf, variantTable, type VariantRow } from '../../core/evaluations/summary';
import { EVALUATION_VARIANTS } from '../../shared/contract/evaluations';
import { hasEnded } from '../../shared/contract/training';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { integer, list, projectFolder, STUDIO_OPTIONS, stderrLines } from '../options';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';
import { alignedTable, interval, percent } from '../table';
import { createProgressPrinter } from './progress';

const FAMILIES = ['pick', 'place', 'near', 'push'] as const;
type Family = (typeof FAMILIES)[number];
type Variant = (typeof EVALUATION_VARIANTS)[number];

const HELP = `usage: st4vla eval <project> --checkpoint <id|path> [--suite VARIANT,...] [--episodes N] [options]

Runs a checkpoint of one of the project's training runs in the built-in tabletop environment, as the
studio's Rollouts view does: every rollout is recorded (videos, steps, the policy's point and box) and
stored in the project as it finishes, with a suggested failure tag. Progress goes to stderr; the
evaluation's id and a success table per variant (95% Wilson interval) to stdout. Ctrl+C cancels after
the current steps and keeps the finished rollouts.

variants: ${EVALUATION_VARIANTS.join(', ')}

options:
  --checkpoint ID|PATH  the checkpoint: its id (see st4vla train's output) or its folder
  --suite LIST          comma-separated variants (default in_distribution)
  --episodes N          episodes per variant (default 10)
  --seed N              episode i of a variant uses seed N + i (default 0)
  --families LIST       task families to draw from: ${FAMILIES.join(', ')} (default all)
  --execute K           actions of each predicted chunk executed before the next prediction (default 1)
  --ensemble DECAY      temporal ensembling of overlapping chunks, weight exp(-DECAY * i); not with --execute
  --batch N             episodes stepped together, one policy call for all (default 8)
  --no-grounding        do not ask the policy for its point, box and trajectory
  --name TEXT           the evaluation's name (default "<run> @ step N")
  --data-dir DIR        the studio's data folder (default: ST4VLA_DATA_DIR or the platform's)
  --quiet               no progress on stderr
  -h, --help            show this help

exit status: 0 succeeded, 1 failed, 2 usage error, 130 cancelled`;

/** The success table as aligned text, one row per variant. */
export function evaluationTable(rows: VariantRow[]): string {
  return alignedTable([
    ['variant', 'success', 'rate', '95% CI', 'episodes', 'mean steps'],
    ...rows.map((r) => [r.variant, `${r.successes}/${r.n}`, percent(r.rate), interval(r.ci), String(r.n), r.meanSteps.toFixed(1)]),
  ]);
}

/** A checkpoint id as given, or the id of the project's checkpoint stored at that folder. */
async function checkpointIdOf(studio: Studio, given: string, projectDir: string): Promise<number> {
  if (/^\d+$/.test(given)) return Number(given);
  const wanted = resolve(given);
  for (const run of await callStudio(studio, 'training.list', {})) {
    const { checkpoints } = await callStudio(studio, 'training.get', { id: run.id });
    const found = checkpoints.find((c) => resolve(projectDir, c.path) === wanted);
    if (found) return found.id;
  }
  throw new UsageError(`--checkpoint: ${wanted} is no checkpoint of this project's training runs; give a checkpoint id or the folder of one`);
}

export function createEvalCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'eval',
    summary: 'evaluate a checkpoint in the tabletop environment, storing its rollouts in the project',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          checkpoint: { type: 'string' },
          suite: { type: 'string' },
          episodes: { type: 'string' },
          seed: { type: 'string' },
          families: { type: 'string' },
          execute: { type: 'string' },
          ensemble: { type: 'string' },
          batch: { type: 'string' },
          'no-grounding': { type: 'boolean', default: false },
          name: { type: 'string' },
          ...STUDIO_OPTIONS,
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        const project = projectFolder(positionals);
        if (!values.checkpoint) throw new UsageError('--checkpoint is required (an id or a checkpoint folder)');
        const variants = list<Variant>('--suite', values.suite, EVALUATION_VARIANTS) ?? ['in_distribution'];
        const families = list<Family>('--families', values.families, FAMILIES);
        const execute = integer('--execute', values.execute, 1);
        let decay: number | undefined;
        if (values.ensemble !== undefined) {
          decay = Number(values.ensemble);
          if (!(decay >= 0) || !Number.isFinite(decay)) throw new UsageError(`--ensemble must be a decay of at least 0, got "${values.ensemble}"`);
          if (execute !== undefined) throw new UsageError('--execute and --ensemble exclude each other');
        }
        const episodes = integer('--episodes', values.episodes, 1) ?? 10;
        const seed = integer('--seed', values.seed, 0) ?? 0;
        const batchSize = integer('--batch', values.batch, 1) ?? 8;
        const projectDir = resolve(project);
        const say = stderrLines(values.quiet);

        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir, create: false });
        try {
          const checkpointId = await checkpointIdOf(studio, values.checkpoint, projectDir);
          return await runEvaluation(studio, {
            checkpointId,
            variants,
            episodes,
            seed,
            batchSize,
            grounding: !values['no-grounding'],
            ...(families && { families }),
            ...(execute !== undefined && { execute }),
            ...(decay !== undefined && { ensemble: { decay } }),
            ...(values.name !== undefined && { name: values.name }),
          }, say);
        } finally {
          await studio.close();
        }
      } catch (err) {
        return reportFailure('eval', err);
      }
    },
  };
}

type StartInput = Parameters<typeof callStudio<'evaluations.start'>>[2];

/** Starts the evaluation, follows it to its end and prints its table; resolves to the exit code. */
async function runEvaluation(studio: Studio, input: StartInput, say: (line: string) => void): Promise<number> {
  const printJob = createProgressPrinter(say);
  let id: number | undefined;
  let wake: () => void = () => undefined;
  const endings = new Map<number, string>();
  const unsubscribe = studio.subscribe((event, payload) => {
    const p = payload as Record<string, any>;
    if (event === 'job.progress' && id !== undefined && p.jobId === jobIdOf(id)) printJob(p as never);
    if (event === 'evaluations.changed' && hasEnded(p.status)) {
      endings.set(p.id, p.status);
      wake();
    }
  });
  let interrupted = false;
  const onInterrupt = () => {
    if (id === undefined || interrupted) return;
    interrupted = true;
    say(`eval: cancelling evaluation ${id} after its current steps; finished rollouts are kept`);
    void studio.dispatch('evaluations.cancel', { id });
  };
  process.on('SIGINT', onInterrupt);
  try {
    const started = await callStudio(studio, 'evaluations.start', input);
    id = started.id;
    say(`eval: evaluation ${id} "${started.name}" started: ${input.variants.join(', ')}, ${input.episodes} episodes each`);
    const evaluationId = id;
    await new Promise<void>((done) => {
      wake = () => endings.has(evaluationId) && done();
      wake();
    });
    const summary = (await callStudio(studio, 'rollouts.evaluations', {})).find((e) => e.id === evaluationId)!;
    const rows = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await callStudio(studio, 'rollouts.list', { evaluationId, offset, limit: 1000 });
      rows.push(...page.rows);
      if (rows.length >= page.total || page.rows.length === 0) break;
    }
    say(`eval: evaluation ${evaluationId} ${summary.status}${summary.error ? `: ${summary.error}` : ''}`);
    process.stdout.write(`evaluation ${evaluationId} ${summary.status}: ${summary.rollouts} rollouts stored\n`);
    process.stdout.write(evaluationTable(variantTable(rows, input.variants)) + '\n');
    return summary.status === 'succeeded' ? 0 : summary.status === 'cancelled' ? 130 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
  }
}

export const evalCommand = createEvalCommand(openRealStudio);
