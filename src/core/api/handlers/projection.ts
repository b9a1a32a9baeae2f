import type { projectionMethods } from '../../../shared/contract/projection';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type ProjectionMethods = keyof typeof projectionMethods;

export function projectionHandlers(session: Session, bus: EventBus): Pick<Handlers, ProjectionMethods> {
  void session;
  void bus;
  return {};
}
