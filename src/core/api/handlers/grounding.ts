import type { groundingMethods } from '../../../shared/contract/grounding';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type GroundingMethods = keyof typeof groundingMethods;

export function groundingHandlers(session: Session, bus: EventBus): Pick<Handlers, GroundingMethods> {
  void session;
  void bus;
  return {};
}
