import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { groundingMethods } from '../../../shared/contract/grounding';
import {
  exportGrounding, GroundingExportError, importGrounding, JSONL_FILE, loadQaTemplates, previewGrounding,
} from '../../exports/index';
import { defaultQaTemplates, hasProjectTemplates, QaTemplatesError, saveQaTemplates } from '../../exports/qaTemplates';
import type { Project } from '../../project/project';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type GroundingMethods = keyof typeof groundingMethods;

function templatesState(project: Project) {
  return { templates: loadQaTemplates(project.dir), custom: hasProjectTemplates(project.dir), defaults: defaultQaTemplates() };
}

/** What the user can fix is a bad_request with the exporter's message; a missing file is not_found. */
function asApiError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof GroundingExportError || error instanceof QaTemplatesError) return new ApiError('bad_request', error.message);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES') return new ApiError('bad_request', (error as Error).message);
  return error;
}

async function guarded<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asApiError(error);
  }
}

/** The export refuses a folder with anything in it, naming the field, before any frame is decoded. */
function checkOut(out: string, overwrite: boolean): string {
  const dir = resolve(out);
  if (!existsSync(dir)) return dir;
  if (!statSync(dir).isDirectory()) throw new ApiError('bad_request', `out: ${dir} is a file, not a folder`, { field: 'out' });
  if (!overwrite && readdirSync(dir).length > 0) {
    throw new ApiError('conflict', `out: ${dir} is not empty; choose an empty folder or allow replacing it`, { field: 'out' });
  }
  return dir;
}

export function groundingHandlers(session: Session, bus: EventBus): Pick<Handlers, GroundingMethods> {
  return {
    'grounding.templates.get': () => guarded(() => templatesState(session.requireProject())),
    'grounding.templates.set': ({ templates }) =>
      guarded(() => {
        const project = session.requireProject();
        saveQaTemplates(project.dir, templates);
        return templatesState(project);
      }),
    'grounding.preview': ({ datasetIds, templates, limit }) =>
      guarded(() => {
        const preview = previewGrounding(session.requireProject(), { datasetIds, templates, limit });
        return {
          counts: preview.counts,
          total: preview.total,
          labels: preview.labels,
          images: preview.images,
          records: preview.records.map((r, i) => ({
            id: r.id, kind: preview.recordKinds[i]!, image: r.images[0]!, question: r.conversations[0].value, answer: r.conversations[1].value,
          })),
        };
      }),
    'grounding.export': async ({ out, size, coco, overwrite, datasetIds, jobId }) => {
      const project = session.requireProject();
      const progress = (phase: string, done: number, total: number, extra: { finished?: boolean; error?: string } = {}) =>
        bus.emit('job.progress', { jobId, kind: 'export', phase, done, total, finished: false, ...extra });
      try {
        const dir = checkOut(out, overwrite);
        progress('starting', 0, 0);
        const result = await exportGrounding(project, dir, {
          size, coco, datasetIds, force: overwrite,
          onProgress: (p) => progress(p.phase, p.done, p.total),
        });
        progress('done', result.records, result.records, { finished: true });
        return {
          dir: result.dir, counts: result.counts, records: result.records, images: result.images, size,
          cocoAnnotations: result.cocoAnnotations, files: result.files,
        };
      } catch (error) {
        const apiError = asApiError(error);
        progress('failed', 0, 0, { finished: true, error: apiError instanceof Error ? apiError.message : String(apiError) });
        throw apiError;
      }
    },
    'grounding.import': ({ path, episodeId, createLabels }) =>
      guarded(() => {
        const project = session.requireProject();
        // An export folder stands for the grounding.jsonl in it (a native folder dialog cannot pick files).
        const file = existsSync(path) && statSync(path).isDirectory() ? join(resolve(path), JSONL_FILE) : resolve(path);
        const result = importGrounding(project, file, { episodeId, createLabels, author: 'import' });
        // Open workspaces reload the episodes that gained annotations.
        const byEpisode = new Map<number, string[]>();
        for (const id of result.annotationIds) {
          const episode = project.repos.annotations.get(id)!.episodeId;
          byEpisode.set(episode, [...(byEpisode.get(episode) ?? []), id]);
        }
        for (const [episodeId, ids] of byEpisode) bus.emit('annotations.changed', { episodeId, reason: 'apply', ids, by: 'grounding.import' });
        if (result.labelsCreated.length > 0) bus.emit('labels.changed', {});
        return {
          counts: result.counts, annotations: result.annotationIds.length, labelsCreated: result.labelsCreated, skipped: result.skipped,
        };
      }),
  };
}
