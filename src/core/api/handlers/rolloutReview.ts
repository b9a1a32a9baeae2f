import { defaultAuthor } from '../../annotations/context';
import { leastSure } from '../../rollouts/leastSure';
import { sendToAnnotation } from '../../rollouts/sendToAnnotation';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

/** Closing the loop from rollouts to annotation: the frames worth a look, and a rollout made an episode. */
export function rolloutReviewHandlers(session: Session, bus: EventBus): Pick<Handlers, 'rollouts.leastSure' | 'rollouts.sendToAnnotation'> {
  return {
    'rollouts.leastSure': ({ evaluationIds, rolloutIds, limit }) =>
      leastSure(session.requireProject(), { evaluationIds, rolloutIds, limit }).map(({ rolloutId, step, score, reasons }) => ({ rolloutId, step, score, reasons })),
    'rollouts.sendToAnnotation': async ({ id, steps, author }) => {
      const result = await sendToAnnotation(session.requireProject(), id, { steps, author: author ?? defaultAuthor() });
      if (result.created) {
        // The dataset list, the episode queue and the app's counts reload on project.changed.
        bus.emit('project.changed', { reason: 'rollout' });
        bus.emit('episodes.reviewChanged', { id: result.episodeId, status: 'needs_review' });
        if (result.labelCreated) bus.emit('labels.changed', {});
        if (result.annotationIds.length > 0) {
          bus.emit('annotations.changed', { episodeId: result.episodeId, reason: 'apply', ids: result.annotationIds, by: 'rollouts.sendToAnnotation' });
        }
      }
      return { episodeId: result.episodeId, datasetId: result.datasetId, annotations: result.annotations, created: result.created };
    },
  };
}
