/** Runs whose process died with a previous studio: their rows still say queued or running. */
import type { TrainingRepository } from '../db/repositories/training';

export const STUDIO_STOPPED = 'the studio stopped while it ran';

/** Marks them failed (except the runs this studio's own workers are running); called when a project opens. */
export function failStaleRuns(repo: TrainingRepository, alive: readonly number[] = []): number[] {
  const stale = repo.listRuns().filter((r) => (r.status === 'running' || r.status === 'queued') && !alive.includes(r.id));
  for (const run of stale) {
    repo.setStatus(run.id, 'failed', { error: run.status === 'running' ? STUDIO_STOPPED : 'the studio stopped before it started' });
  }
  return stale.map((r) => r.id);
}
