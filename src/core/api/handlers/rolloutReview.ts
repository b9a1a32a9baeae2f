import { ApiError } from '../../../shared/contract/errors';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

// Placeholder until least-sure frames and send-to-annotation land (being written on their own branch).
export function rolloutReviewHandlers(_session: Session, _bus: EventBus): Pick<Handlers, 'rollouts.leastSure' | 'rollouts.sendToAnnotation'> {
  const missing = (): never => {
    throw new ApiError('unsupported', 'rollout review is not available in this build');
  };
  return { 'rollouts.leastSure': missing, 'rollouts.sendToAnnotation': missing };
}
