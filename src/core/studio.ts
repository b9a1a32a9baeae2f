import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppInfo } from '../shared/contract/domain';
import { ApiError } from '../shared/contract/errors';
import { createDispatcher } from './api/dispatch';
import { EventBus } from './api/events';
import { annotationHandlers } from './api/handlers/annotations';
import { datasetHandlers } from './api/handlers/datasets';
import { episodeHandlers } from './api/handlers/episodes';
import { groundingHandlers } from './api/handlers/grounding';
import { projectionHandlers } from './api/handlers/projection';
import { evaluationHandlers } from './api/handlers/evaluations';
import { rolloutReviewHandlers } from './api/handlers/rolloutReview';
import { rolloutHandlers } from './api/handlers/rollouts';
import { trackingHandlers } from './api/handlers/tracking';
import { trainingHandlers } from './api/handlers/training';
import type { Studio } from './api/studio';
import { listDir } from './files/listDir';
import { resolveMedia } from './media/resolve';
import { ThumbnailCache } from './media/thumbnails';
import { PROJECT_FILE } from './project/project';
import { buildSample } from './samples/sampleProject';
import { Session } from './session';
import { EvaluationService, type EvaluationOptions } from './evaluations/service';
import { TrainingService, type TrainingOptions } from './training/service';

export const STUDIO_VERSION = '0.1.0';
export const SAMPLE_PROJECT_FOLDER = 'sample-project';

export interface StudioOptions {
  shell: 'electron' | 'web';
  /** The user's data folder; the sample project lives here. */
  dataDir: string;
  /** Open this project instead of the sample (created when missing). */
  projectDir?: string;
  /** Which built-in dataset definition fills a new sample project (tests use a small one). */
  sampleDefinition?: string;
  onInternalError?: (error: unknown) => void;
  /** The training worker and its watchdog; tests pass a small real worker. */
  training?: TrainingOptions;
  /** The evaluation worker; tests pass the source. */
  evaluations?: EvaluationOptions;
}

/**
 * The backend. On first start with no project it creates the sample project and fills it in the
 * background, reporting progress as `job.progress` events, so the shell can show a window at once.
 */
export async function createStudio(options: StudioOptions): Promise<Studio & { ready: Promise<void> }> {
  const session = new Session();
  const bus = new EventBus();
  const thumbnails = new Map<string, ThumbnailCache>();
  const projectDir = options.projectDir ?? join(options.dataDir, SAMPLE_PROJECT_FOLDER);
  const isNew = !existsSync(join(projectDir, PROJECT_FILE));
  session.open(projectDir, true);
  const training = new TrainingService(session, bus, { onError: options.onInternalError, ...options.training });
  training.projectOpened();
  const evaluations = new EvaluationService(session, bus, { onError: options.onInternalError, ...options.evaluations });
  evaluations.projectOpened();
  // Closing during a first start stops the sample build instead of waiting out the whole of it.
  const stop = new AbortController();
  let ready = Promise.resolve();
  if (isNew && !options.projectDir) ready = fillSample(session, bus, options.sampleDefinition, stop.signal);

  const dispatch = createDispatcher(
    {
      'app.info': (): AppInfo => ({
        version: STUDIO_VERSION,
        shell: options.shell,
        project: session.info(),
        // Only the sample project is being filled; another project opened meanwhile is not.
        preparingSample: session.preparingSample && session.project?.dir === resolve(projectDir),
      }),
      'project.open': async ({ dir, create }) => {
        await training.beforeProjectChange(resolve(dir));
        await evaluations.beforeProjectChange(resolve(dir));
        session.open(dir, create);
        training.projectOpened();
        evaluations.projectOpened();
        bus.emit('project.changed', { reason: 'open' });
        return session.info()!;
      },
      ...datasetHandlers(session, bus),
      ...episodeHandlers(session, bus),
      ...annotationHandlers(session, bus),
      ...trackingHandlers(session, bus),
      ...projectionHandlers(session, bus),
      ...groundingHandlers(session, bus),
      ...trainingHandlers(session, training),
      ...rolloutHandlers(session, bus),
      ...evaluationHandlers(evaluations),
      ...rolloutReviewHandlers(session, bus),
      'fs.list': ({ path }) => listDir(path),
    },
    options.onInternalError,
  );

  return {
    dispatch,
    subscribe: (listener) => bus.subscribe(listener),
    resolveMedia: async (mediaPath) => {
      const current = session.project;
      if (!current) return null;
      let cache = thumbnails.get(current.dir);
      if (!cache) thumbnails.set(current.dir, (cache = new ThumbnailCache(join(current.paths.media, 'thumbs'))));
      return resolveMedia(current, mediaPath, cache);
    },
    ready,
    async close() {
      stop.abort();
      await ready.catch(() => {});
      await training.close();
      await evaluations.close();
      session.close();
    },
  };
}

async function fillSample(session: Session, bus: EventBus, definition: string | undefined, signal: AbortSignal): Promise<void> {
  const project = session.requireProject();
  const jobId = 'sample';
  session.preparingSample = true;
  try {
    await buildSample(
      project,
      (p) => bus.emit('job.progress', { jobId, kind: 'sample', phase: p.phase, done: p.done, total: p.total, finished: false }),
      definition,
      signal,
    );
    bus.emit('job.progress', { jobId, kind: 'sample', phase: 'done', done: 1, total: 1, finished: true });
  } catch (error) {
    const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
    bus.emit('job.progress', { jobId, kind: 'sample', phase: 'failed', done: 0, total: 0, finished: true, error: message });
  } finally {
    session.preparingSample = false;
    bus.emit('project.changed', { reason: 'sample' });
  }
}
