/** Every repository over one connection: the only code in the studio that speaks SQL. */
import type { Db } from '../connection';
import { createAnnotationsRepository } from './annotations';
import { createCalibrationRepository } from './calibration';
import { createCommentsRepository } from './comments';
import { createDatasetsRepository } from './datasets';
import { createEditLogRepository } from './editLog';
import { createEpisodesRepository } from './episodes';
import { createFailureTagsRepository } from './failureTags';
import { createFramesRepository } from './frames';
import { createLabelsRepository } from './labels';
import { createMetaRepository } from './meta';
import { createRolloutsRepository } from './rollouts';
import { createRolloutCatalogRepository } from './rolloutCatalog';
import { createSignalsRepository } from './signals';
import { createTrainingRepository } from './training';

export function createRepositories(db: Db) {
  return {
    meta: createMetaRepository(db),
    datasets: createDatasetsRepository(db),
    episodes: createEpisodesRepository(db),
    frames: createFramesRepository(db),
    signals: createSignalsRepository(db),
    labels: createLabelsRepository(db),
    annotations: createAnnotationsRepository(db),
    editLog: createEditLogRepository(db),
    comments: createCommentsRepository(db),
    training: createTrainingRepository(db),
    rollouts: createRolloutsRepository(db),
    failureTags: createFailureTagsRepository(db),
    rolloutCatalog: createRolloutCatalogRepository(db),
    calibration: createCalibrationRepository(db),
    /**
     * Runs fn in one transaction (a savepoint when already in one); a throw undoes all of it. fn must
     * be synchronous: better-sqlite3 cannot hold a transaction across an await.
     */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

export * from './annotations';
export * from './comments';
export * from './datasets';
export * from './editLog';
export * from './episodes';
export * from './failureTags';
export * from './frames';
export * from './labels';
export * from './rollouts';
export * from './rolloutList';
export * from './rolloutCatalog';
export * from './signals';
export * from './training';
