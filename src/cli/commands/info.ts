import { resolve } from 'node:path';
import { REVIEW_STATUSES, type DatasetSummary, type ProjectInfo, type ReviewStatus } from '../../shared/contract/domain';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { callStudio, defaultDataDir, openRealStudio, type OpenStudio } from '../studio';

const HELP = `usage: st4vla info <project> [--json]

Prints a project's name, schema version, how many episodes are in each review status, and its
datasets. Opens the project read-only in spirit: nothing
is changed, except that an older schema is migrated as on any open.

options:
  --json           print {project, review, datasets} as JSON
  --data-dir DIR   the studio's settings folder (default: ${defaultDataDir()})
  -h, --help       show this help

exit status: 0 shown, 1 not a project or unreadable, 2 usage error`;

export function createInfoCommand(openStudio: OpenStudio): CliCommand {
  return {
    name: 'info',
    summary: "show a project's datasets and episode counts",
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          json: { type: 'boolean', default: false },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        if (positionals.length !== 1) throw new UsageError(`expected one project folder, got ${positionals.length}`);
        const dir = resolve(positionals[0]!);
        const studio = await openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir: dir, create: false });
        try {
          const project = await callStudio(studio, 'project.open', { dir, create: false });
          const datasets = await callStudio(studio, 'datasets.list', {});
          const review = {} as Record<ReviewStatus, number>;
          for (const status of REVIEW_STATUSES) {
            review[status] = (await callStudio(studio, 'episodes.list', { reviewStatus: status, limit: 1 })).total;
          }
          process.stdout.write(values.json ? JSON.stringify({ project, review, datasets }, null, 2) + '\n' : describe(project, review, datasets));
          return 0;
        } finally {
          await studio.close();
        }
      } catch (err) {
        return reportFailure('info', err);
      }
    },
  };
}

function describe(p: ProjectInfo, review: Record<ReviewStatus, number>, datasets: DatasetSummary[]): string {
  const lines = [
    `project   ${p.name}`,
    `folder    ${p.dir}`,
    `schema    ${p.schemaVersion}`,
    `contents  ${p.datasetCount} dataset(s), ${p.episodeCount} episode(s)`,
    // The names the episodes.list filter takes, so a script can ask for the same episodes.
    `review    ${REVIEW_STATUSES.map((s) => `${review[s]} ${s}`).join(', ')}`,
  ];
  if (datasets.length > 0) {
    const rows = [
      ['id', 'name', 'format', 'episodes', 'frames', 'fps', 'cameras', 'warnings'],
      ...datasets.map((d) => [
        String(d.id), d.name, `${d.format} ${d.formatVersion}`, String(d.episodeCount), String(d.frameCount),
        String(d.fps), d.cameras.join(',') || '-', String(d.warnings.length),
      ]),
    ];
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
    lines.push('', ...rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()));
  }
  return lines.join('\n') + '\n';
}

export const infoCommand = createInfoCommand(openRealStudio);
