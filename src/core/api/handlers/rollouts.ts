import { ApiError } from '../../../shared/contract/errors';
import { rolloutMediaPath, type RolloutSummary, type rolloutMethods } from '../../../shared/contract/rollouts';
import { defaultAuthor } from '../../annotations/context';
import type { CatalogRollout } from '../../db/repositories';
import { evaluationSummaries } from '../../evaluations/summary';
import { RolloutImportError } from '../../rollouts/import/errors';
import { importRollouts } from '../../rollouts/import/importRollouts';
import { readStoredRecord, RolloutFolderError } from '../../rollouts/store';
import { ensureTaxonomy, setTaxonomy, tagRollout } from '../../rollouts/taxonomy';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type RolloutMethods = keyof typeof rolloutMethods;

export function rolloutHandlers(session: Session, bus: EventBus): Pick<Handlers, RolloutMethods> {
  const requireRollout = (id: number): CatalogRollout => {
    const rollout = session.requireProject().repos.rolloutCatalog.get(id);
    if (!rollout) throw new ApiError('not_found', `id: there is no rollout ${id}`);
    return rollout;
  };

  return {
    'rollouts.import': async ({ path, format, jobId }) => {
      const project = session.requireProject();
      const progress = (phase: string, done: number, total: number, extra: { finished?: boolean; error?: string } = {}) =>
        bus.emit('job.progress', { jobId, kind: 'import', phase, done, total, finished: false, ...extra });
      try {
        const result = await importRollouts(project, path, { format, onProgress: (p) => progress(p.phase, p.done, p.total) });
        progress('done', result.rolloutIds.length, result.rolloutIds.length, { finished: true });
        bus.emit('rollouts.changed', { reason: 'import', ids: result.rolloutIds, evaluationId: result.evaluationId });
        return { evaluationId: result.evaluationId, format: result.format, imported: result.rolloutIds.length, transcoded: result.transcoded };
      } catch (error) {
        const apiError = importError(error);
        progress('failed', 0, 0, { finished: true, error: apiError.message });
        throw apiError;
      }
    },
    'rollouts.evaluations': () => evaluationSummaries(session.requireProject().repos),
    'rollouts.list': ({ offset, limit, ...filter }) => {
      const page = session.requireProject().repos.rolloutCatalog.list({ ...filter, offset, limit });
      return { total: page.total, rows: page.rows.map(toContract) };
    },
    'rollouts.get': ({ id }) => {
      const rollout = requireRollout(id);
      try {
        return { rollout: toContract(rollout), record: readStoredRecord(session.requireProject(), rollout) };
      } catch (error) {
        if (error instanceof RolloutFolderError) throw new ApiError('not_found', `rollout ${id}: ${error.message}`);
        throw error;
      }
    },
    'rollouts.tag': ({ id, tag, author, clientId }) => {
      const repos = session.requireProject().repos;
      tagRollout(repos, id, tag, author ?? defaultAuthor());
      bus.emit('rollouts.changed', { reason: 'tag', ids: [id], ...(clientId ? { by: clientId } : {}) });
      return toContract(requireRollout(id));
    },
    'rollouts.counts': (filter) => session.requireProject().repos.rolloutCatalog.counts(filter),
    'rollouts.taxonomy.get': () => ensureTaxonomy(session.requireProject().repos).map(toTag),
    'rollouts.taxonomy.set': ({ tags, clientId }) => {
      const result = setTaxonomy(session.requireProject().repos, tags).map(toTag);
      bus.emit('rollouts.changed', { reason: 'taxonomy', ...(clientId ? { by: clientId } : {}) });
      return result;
    },
  };
}

function toContract(r: CatalogRollout): RolloutSummary {
  return {
    id: r.id,
    evaluationId: r.evaluationId,
    checkpointId: r.checkpointId,
    index: r.index,
    source: r.sourceFormat,
    variant: r.variant,
    seed: r.seed,
    taskFamily: r.taskFamily,
    instruction: r.instruction,
    success: r.success,
    reason: r.reason,
    steps: r.steps,
    fps: r.fps,
    cameras: r.cameras.map((c) => ({ name: c.name, width: c.width, height: c.height, path: c.path, mediaPath: rolloutMediaPath(r.id, c.name) })),
    folder: r.folder,
    suggestedTag: r.suggestedTag,
    tag: r.tag,
    taggedBy: r.taggedBy,
    taggedAt: r.taggedAt,
    createdAt: r.createdAt,
  };
}

const toTag = (t: { name: string; description: string; color: string | null; rolloutCount: number }) => ({
  name: t.name,
  description: t.description,
  color: t.color,
  rolloutCount: t.rolloutCount,
});

function importError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RolloutImportError) return new ApiError('bad_request', `cannot import rollouts: ${error.message}`, { file: error.file });
  if (error instanceof Error && error.name === 'AbortError') return new ApiError('cancelled', 'import cancelled');
  return new ApiError('internal', `rollout import failed: ${error instanceof Error ? error.message : String(error)}`);
}
