import type { evaluationMethods } from '../../../shared/contract/evaluations';
import type { EvaluationService } from '../../evaluations/service';
import type { Handlers } from '../dispatch';

/** rollouts.leastSure and rollouts.sendToAnnotation live in rolloutReview.ts. */
type EvaluationMethods = Extract<keyof typeof evaluationMethods, 'evaluations.start' | 'evaluations.cancel'>;

export function evaluationHandlers(evaluations: EvaluationService): Pick<Handlers, EvaluationMethods> {
  return {
    'evaluations.start': (input) => evaluations.start(input),
    'evaluations.cancel': ({ id }) => evaluations.cancel(id),
  };
}
