import { resolve } from 'node:path';
import { exportGrounding, previewGrounding, type ExportProgress, type GroundingOptions } from '../../core/exports/index';
import { closeProject, openProject } from '../../core/project/project';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';

const HELP = `usage: st4vla export grounding <project> --out DIR [--size 224] [options]

Writes the project's points, boxes and trajectories as grounding QA records in the format
InternVLA-M1 / ST4VLA trains on (stage 1), with the frames as size x size PNGs:

  DIR/grounding.jsonl   one record per line: {"id", "images": [...], "conversations": [...]}
  DIR/images/<dataset>/episode_<index>/<camera>_<frame>.png
  DIR/coco.json         the boxes, and the points as keypoints, over the same images
  DIR/manifest.json     which episode, camera and frame each image shows (for importing back)

Register it for training with annotation_path = DIR/grounding.jsonl and data_path = DIR/.
Questions come from resources/qa-templates.json, or from qa-templates.json in the project folder.

options:
  --out DIR          where to write (created; must not exist or be empty)
  --size N           side of the written images and of the coordinate frame (default 224)
  --labels A,B       only annotations with these label classes
  --episodes ID,ID   only these episodes (ids)
  --force            replace a DIR that is not empty
  --preview [N]      print the counts per kind and the first N records (default 5); write nothing
  --quiet            no progress on stderr
  -h, --help         show this help

exit status: 0 written, 1 failed (nothing is left in DIR), 2 usage error`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer of at least ${min}, got "${value}"`);
  return n;
}

function progressLine(p: ExportProgress): void {
  const count = p.total > 0 ? ` ${p.done}/${p.total}` : '';
  process.stderr.write(`export: ${p.phase}${count}\n`);
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export annotations as grounding QA JSONL (InternVLA-M1) with COCO and 224x224 frames',
  async run(argv) {
    try {
      const { values, positionals } = parseCommandArgs(argv, {
        out: { type: 'string' },
        size: { type: 'string' },
        labels: { type: 'string' },
        episodes: { type: 'string' },
        force: { type: 'boolean', default: false },
        preview: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      });
      if (values.help) {
        process.stdout.write(HELP + '\n');
        return 0;
      }
      const [format, projectDir, previewCount, ...extra] = positionals;
      if (format !== 'grounding') throw new UsageError(format ? `unknown export format "${format}"; known: grounding` : 'expected a format: grounding');
      if (!projectDir) throw new UsageError('expected a project folder');
      if (extra.length > 0 || (previewCount !== undefined && !values.preview)) throw new UsageError('too many arguments');
      const options: GroundingOptions = {
        size: integer('--size', values.size, 2),
        labels: list(values.labels),
        episodeIds: list(values.episodes)?.map((id) => integer('--episodes', id, 1)!),
      };
      if (!values.preview && !values.out) throw new UsageError('--out DIR is required');

      const project = openProject(resolve(projectDir));
      try {
        if (values.preview) {
          const limit = integer('--preview', previewCount, 0) ?? 5;
          const preview = previewGrounding(project, { ...options, limit });
          process.stdout.write(JSON.stringify(preview, null, 2) + '\n');
          return 0;
        }
        const result = await exportGrounding(project, values.out!, {
          ...options,
          force: values.force,
          onProgress: values.quiet ? undefined : progressLine,
        });
        const { box, point, trajectory } = result.counts;
        if (!values.quiet) {
          process.stderr.write(
            `export: ${result.records} records (${box} box, ${point} point, ${trajectory} trajectory), ` +
              `${result.images} images, ${result.cocoAnnotations} COCO annotations\n`,
          );
        }
        process.stdout.write(`${result.jsonl}\n`);
        return 0;
      } finally {
        closeProject(project);
      }
    } catch (err) {
      return reportFailure('export', err);
    }
  },
};
