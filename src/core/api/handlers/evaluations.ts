import { ApiError } from '../../../shared/contract/errors';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

// Placeholder until the evaluation service lands (being written on its own branch).
export function evaluationHandlers(_session: Session, _bus: EventBus): Pick<Handlers, 'evaluations.start' | 'evaluations.cancel'> {
  const missing = (): never => {
    throw new ApiError('unsupported', 'evaluations are not available in this build');
  };
  return { 'evaluations.start': missing, 'evaluations.cancel': missing };
}
