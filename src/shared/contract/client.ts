import { ApiError, type ApiErrorShape } from './errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './api';
import type { Unsubscribe } from './define';
import type { CallOutcome } from './wire';

/** What a transport must do: carry one call, and deliver events. */
export interface Transport {
  call(method: string, params: unknown): Promise<CallOutcome>;
  subscribe(event: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** The typed client the renderer and scripts use, the same over IPC and over WebSocket. */
export interface StudioClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

export function createClient(transport: Transport): StudioClient {
  return {
    async call(method, input) {
      const outcome = await transport.call(method, input);
      if (!outcome.ok) throw ApiError.from(outcome.error as ApiErrorShape);
      return outcome.result as never;
    },
    on(event, listener) {
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
  };
}
