import { ApiError } from '../../../shared/contract/errors';
import type { DatasetSummary } from '../../../shared/contract/domain';
import { importLeRobot } from '../../datasets/import/importDataset';
import { DatasetImportError } from '../../datasets/lerobot';
import type { Project } from '../../project/project';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

export function datasetHandlers(session: Session, bus: EventBus): Pick<Handlers, 'datasets.list' | 'datasets.import'> {
  return {
    'datasets.list': () => {
      const project = session.requireProject();
      return project.repos.datasets.list().map((d) => datasetSummary(project, d.id));
    },
    'datasets.import': async ({ path, copyMedia, jobId }) => {
      const project = session.requireProject();
      const progress = (phase: string, done: number, total: number, extra: { finished?: boolean; error?: string } = {}) =>
        bus.emit('job.progress', { jobId, kind: 'import', phase, done, total, finished: false, ...extra });
      try {
        const id = await importLeRobot(project, path, {
          copyMedia,
          onProgress: (p) => progress(p.phase, p.done, p.total),
        });
        const summary = datasetSummary(project, id);
        progress('done', summary.episodeCount, summary.episodeCount, { finished: true });
        bus.emit('project.changed', { reason: 'import' });
        return summary;
      } catch (error) {
        const apiError = importError(error);
        progress('failed', 0, 0, { finished: true, error: apiError.message });
        throw apiError;
      }
    },
  };
}

export function datasetSummary(project: Project, id: number): DatasetSummary {
  const dataset = project.repos.datasets.get(id);
  if (!dataset) throw new ApiError('not_found', `no dataset with id ${id}`);
  const totals = project.repos.datasets.totals(id);
  return {
    id: dataset.id,
    name: dataset.name,
    format: dataset.sourceFormat,
    formatVersion: dataset.sourceVersion,
    sourcePath: dataset.sourcePath,
    fps: dataset.fps,
    episodeCount: totals.episodeCount,
    frameCount: totals.frameCount,
    cameras: totals.cameraNames,
    warnings: dataset.warnings,
    importedAt: new Date(dataset.importedAt).toISOString(),
  };
}

function importError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DatasetImportError) {
    return new ApiError('bad_request', `cannot import: ${error.message}`, { file: error.file, field: error.field });
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new ApiError('not_found', `cannot import: ${(error as Error).message}`);
  if (error instanceof Error && error.name === 'AbortError') return new ApiError('cancelled', 'import cancelled');
  return new ApiError('internal', `import failed: ${error instanceof Error ? error.message : String(error)}`);
}
