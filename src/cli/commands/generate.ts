import { generateDataset, listBuiltInDefinitions, verifySimDataset, type GenerationProgress } from '../../core/datasets/sim';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { createProgressPrinter } from './progress';

const HELP = `usage: st4vla generate <definition.json | name> --out DIR [--force] [--verify] [--quiet]

Expands a dataset definition with the built-in sim and writes a LeRobot v2.1 dataset
(parquet + H.264 videos + meta/), with camera calibration and per-frame ground truth.

arguments:
  definition       a definition file, or the name of a built-in one: ${listBuiltInDefinitions().join(', ') || '(none found)'}

options:
  --out DIR        where to write the dataset (created; must not exist or be empty)
  --force          replace an existing dataset at DIR
  --verify         read the result back and check rows, videos and ground truth agree
  --quiet          no progress on stderr
  -h, --help       show this help`;

/** Progress in the same stderr format as the studio's jobs (throttled to about a line a second). */
function progressPrinter(): (p: GenerationProgress) => void {
  const print = createProgressPrinter((line) => process.stderr.write(line + '\n'));
  return (p) =>
    print({
      jobId: 'generate',
      kind: 'sample',
      phase: p.phase,
      done: p.episodesDone,
      total: p.episodesTotal,
      message: `${p.framesDone} frames, ${p.elapsedSeconds.toFixed(1)}s`,
      finished: p.phase === 'done',
    });
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate a sample dataset (LeRobot v2.1) from a definition with the built-in sim',
  async run(argv) {
    try {
      const { values, positionals } = parseCommandArgs(argv, {
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        verify: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      });
      if (values.help) {
        process.stdout.write(HELP + '\n');
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(`expected one definition (file or name), got ${positionals.length}`);
      if (!values.out) throw new UsageError('--out DIR is required');
      const quiet = values.quiet;
      const result = await generateDataset(positionals[0]!, values.out, {
        force: values.force,
        onProgress: quiet ? undefined : progressPrinter(),
      });
      if (values.verify) {
        if (!quiet) process.stderr.write('verifying...\n');
        const problems = await verifySimDataset(result.path);
        if (problems.length > 0) {
          process.stderr.write(`st4vla generate: verification found ${problems.length} problem(s):\n${problems.slice(0, 20).join('\n')}\n`);
          return 1;
        }
        if (!quiet) process.stderr.write('verified: rows, video frames and ground truth agree\n');
      }
      process.stdout.write(`${result.path}\n`);
      return 0;
    } catch (err) {
      return reportFailure('generate', err);
    }
  },
};
