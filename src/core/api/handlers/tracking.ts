import type { trackingMethods } from '../../../shared/contract/tracking';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type TrackingMethods = keyof typeof trackingMethods;

export function trackingHandlers(session: Session, bus: EventBus): Pick<Handlers, TrackingMethods> {
  void session;
  void bus;
  return {};
}
