import { events, type EventName, type EventPayload } from '../../shared/contract/api';
import type { Unsubscribe } from '../../shared/contract/define';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fans backend events out to every connected shell; payloads are checked against the contract first. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].payload.parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: EventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
