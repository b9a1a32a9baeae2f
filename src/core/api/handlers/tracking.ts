import { ApiError } from '../../../shared/contract/errors';
import type { trackingMethods } from '../../../shared/contract/tracking';
import type { Session } from '../../session';
import { propagate } from '../../tracking/propagate';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type TrackingMethods = keyof typeof trackingMethods;

export function trackingHandlers(session: Session, bus: EventBus): Pick<Handlers, TrackingMethods> {
  /** Running propagations by job id, so tracking.cancel can stop one. */
  const running = new Map<string, AbortController>();
  return {
    'tracking.propagate': async (request) => {
      const project = session.requireProject();
      const { jobId } = request;
      if (running.has(jobId)) throw new ApiError('conflict', `jobId: a propagation named "${jobId}" is already running`);
      const controller = new AbortController();
      running.set(jobId, controller);
      const progress = (phase: string, done: number, total: number, extra: { finished?: boolean; error?: string; message?: string } = {}) =>
        bus.emit('job.progress', { jobId, kind: 'track', phase, done, total, finished: false, ...extra });
      try {
        const result = await propagate(project, request, { signal: controller.signal, onProgress: (phase, done, total) => progress(phase, done, total) });
        const total = result.steps.length + (result.stopped ? 1 : 0);
        progress('done', result.steps.length, total, { finished: true, ...(result.stopped ? { message: result.stopped.message } : {}) });
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        progress(error instanceof ApiError && error.code === 'cancelled' ? 'cancelled' : 'failed', 0, 0, { finished: true, error: message });
        throw error;
      } finally {
        running.delete(jobId);
      }
    },
    'tracking.cancel': ({ jobId }) => {
      const job = running.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
  };
}
