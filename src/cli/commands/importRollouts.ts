import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { JobProgress } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import { ROLLOUT_IMPORT_FORMATS } from '../../shared/contract/rollouts';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';
import { createProgressPrinter } from './progress';

const HELP = `usage: st4vla import-rollouts <folder> --project DIR [--format F] [--create] [--json] [--quiet]

Imports rollouts made elsewhere into a project as one evaluation, all or nothing: if a file is wrong,
the error names it and nothing is kept. See "Importing rollouts" in the README for the formats.

arguments:
  folder           the folder holding the rollouts

options:
  --project DIR    the project to import into
  --format F       ${ROLLOUT_IMPORT_FORMATS.join(' | ')} (default auto: told from the files)
  --create         create the project if DIR holds none yet
  --json           print the result and the success counts as JSON
  --quiet          no progress on stderr
  --data-dir DIR   the studio's settings folder (default: ${defaultDataDir()})
  -h, --help       show this help

exit status: 0 imported, 1 failed, 2 usage error`;

type Format = (typeof ROLLOUT_IMPORT_FORMATS)[number];

export function createImportRolloutsCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'import-rollouts',
    summary: 'import rollouts (LIBERO, lerobot-eval, SimplerEnv, generic) into a project',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          project: { type: 'string' },
          format: { type: 'string', default: 'auto' },
          create: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
          quiet: { type: 'boolean', default: false },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        if (positionals.length !== 1) throw new UsageError(`expected one rollout folder, got ${positionals.length}`);
        if (!values.project) throw new UsageError('--project DIR is required');
        const format = values.format as Format;
        if (!ROLLOUT_IMPORT_FORMATS.includes(format)) {
          throw new UsageError(`--format must be one of ${ROLLOUT_IMPORT_FORMATS.join(', ')}, got "${values.format}"`);
        }
        const projectDir = resolve(values.project);
        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir, create: values.create });
        const jobId = `cli-rollouts-${randomUUID()}`;
        const print = createProgressPrinter((line) => process.stderr.write(line + '\n'));
        const stopProgress = studio.subscribe((event, payload) => {
          const progress = payload as JobProgress;
          if (!values.quiet && event === 'job.progress' && progress.jobId === jobId) print(progress);
        });
        try {
          await callStudio(studio, 'project.open', { dir: projectDir, create: values.create }).catch((err: unknown) => {
            throw err instanceof ApiError && err.code === 'not_found' && !values.create
              ? new ApiError(err.code, `${err.message} (add --create to make a new project there)`)
              : err;
          });
          const result = await callStudio(studio, 'rollouts.import', { path: resolve(positionals[0]!), format, jobId });
          const counts = await callStudio(studio, 'rollouts.counts', { evaluationId: result.evaluationId });
          const byVariant = new Map<string, { rollouts: number; successes: number }>();
          for (const c of counts) {
            const entry = byVariant.get(c.variant ?? '') ?? { rollouts: 0, successes: 0 };
            entry.rollouts += c.rollouts;
            entry.successes += c.successes;
            byVariant.set(c.variant ?? '', entry);
          }
          if (values.json) {
            process.stdout.write(JSON.stringify({ ...result, variants: Object.fromEntries(byVariant) }, null, 2) + '\n');
          } else {
            const lines = [
              `imported ${result.imported} rollouts (${result.format}) as evaluation ${result.evaluationId} of ${projectDir}` +
                (result.transcoded ? `; ${result.transcoded} videos converted to H.264` : ''),
              ...[...byVariant].map(([variant, c]) => `  ${variant || '(no variant)'}: ${c.successes}/${c.rollouts} succeeded`),
            ];
            process.stdout.write(lines.join('\n') + '\n');
          }
          return 0;
        } finally {
          stopProgress();
          await studio.close();
        }
      } catch (err) {
        return reportFailure('import-rollouts', err);
      }
    },
  };
}

export const importRolloutsCommand = createImportRolloutsCommand(openRealStudio);
