import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DatasetSummary, JobProgress } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';
import { createProgressPrinter } from './progress';

const HELP = `usage: st4vla import <dataset> --project DIR [--create] [--copy-media] [--json] [--quiet]

Imports a LeRobot dataset folder (v2.x or v3) into a project, in one transaction: either the whole
dataset is imported or nothing is. Progress goes to stderr; the summary and any warnings to stdout.

arguments:
  dataset          the dataset folder (the one holding meta/info.json)

options:
  --project DIR    the project to import into
  --create         create the project if DIR holds none yet
  --copy-media     copy the videos into the project instead of referring to them in place
  --json           print the summary as JSON
  --quiet          no progress on stderr
  --data-dir DIR   the studio's settings folder (default: ${defaultDataDir()})
  -h, --help       show this help

exit status: 0 imported (warnings included), 1 failed, 2 usage error`;

export function createImportCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'import',
    summary: 'import a LeRobot dataset into a project',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          project: { type: 'string' },
          create: { type: 'boolean', default: false },
          'copy-media': { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
          quiet: { type: 'boolean', default: false },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        if (positionals.length !== 1) throw new UsageError(`expected one dataset folder, got ${positionals.length}`);
        if (!values.project) throw new UsageError('--project DIR is required');
        const projectDir = resolve(values.project);
        // Opening the project at start keeps the backend from building the sample project for a script.
        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir, create: values.create }).catch(
          withCreateHint(values.create),
        );
        const jobId = `cli-import-${randomUUID()}`;
        const print = createProgressPrinter((line) => process.stderr.write(line + '\n'));
        const stopProgress = studio.subscribe((event, payload) => {
          const progress = payload as JobProgress;
          if (!values.quiet && event === 'job.progress' && progress.jobId === jobId) print(progress);
        });
        try {
          const project = await callStudio(studio, 'project.open', { dir: projectDir, create: values.create }).catch(
            withCreateHint(values.create),
          );
          const summary = await callStudio(studio, 'datasets.import', {
            path: resolve(positionals[0]!),
            copyMedia: values['copy-media'],
            jobId,
          });
          process.stdout.write(values.json ? JSON.stringify(summary, null, 2) + '\n' : describe(summary, project.dir));
          return 0;
        } finally {
          stopProgress();
          await studio.close();
        }
      } catch (err) {
        return reportFailure('import', err);
      }
    },
  };
}

/** A missing project is the one failure the user can fix with a flag: say which. */
function withCreateHint(create: boolean) {
  return (err: unknown): never => {
    throw err instanceof ApiError && err.code === 'not_found' && !create
      ? new ApiError(err.code, `${err.message} (add --create to make a new project there)`)
      : err;
  };
}

function describe(d: DatasetSummary, projectDir: string): string {
  const lines = [
    `imported "${d.name}" (${d.format} ${d.formatVersion}) as dataset ${d.id} of ${projectDir}`,
    `  ${d.episodeCount} episodes, ${d.frameCount} frames at ${d.fps} fps; cameras: ${d.cameras.join(', ') || 'none'}`,
  ];
  if (d.warnings.length > 0) {
    lines.push(`warnings (${d.warnings.length}):`, ...d.warnings.map((w) => `  - ${w}`));
  }
  return lines.join('\n') + '\n';
}

export const importCommand = createImportCommand(openRealStudio);
