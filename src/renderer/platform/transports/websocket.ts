import type { Transport } from '../../../shared/contract/client';
import type { Unsubscribe } from '../../../shared/contract/define';
import { ApiError, type ApiErrorShape } from '../../../shared/contract/errors';
import type { CallOutcome, RequestMessage } from '../../../shared/contract/wire';

/** The part of the browser's WebSocket this transport uses; tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'disposed';

export interface WebSocketTransport extends Transport {
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): Unsubscribe;
  dispose(): void;
}

export interface WebSocketTransportOptions {
  createSocket?: (url: string) => SocketLike;
  /** Waits before each reconnection attempt; the last one repeats. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * The web shell's transport: one WebSocket carrying wire messages. It reconnects on its own, for ever,
 * backing off to one attempt every few seconds. A call in flight when the connection drops, or made
 * while it is down and not answered by the next attempt, fails with a `disconnected` ApiError, so no
 * promise waits for ever. Events missed while down cannot be replayed; instead, listeners of
 * `project.changed` hear `{reason: 'reconnected'}` and reload what they show.
 */
export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): WebSocketTransport {
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  const outbox: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let failures = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  }

  function deliver(event: string, payload: unknown): void {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  }

  function connect(): void {
    const current = createSocket(url);
    socket = current;
    current.onopen = () => {
      const reconnected = everOpened;
      everOpened = true;
      failures = 0;
      setState('open');
      for (const frame of outbox.splice(0)) current.send(frame);
      if (reconnected) deliver('project.changed', { reason: 'reconnected' });
    };
    current.onmessage = (message) => receive(message.data);
    current.onerror = () => current.close();
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      outbox.length = 0;
      failAll(everOpened ? 'the connection to the studio was lost' : 'the studio could not be reached');
      if (state === 'disposed') return;
      setState('reconnecting');
      const delay = delays[Math.min(failures, delays.length - 1)] ?? 1000;
      failures += 1;
      retryTimer = setTimeout(connect, delay);
    };
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { type?: unknown; id?: unknown; event?: unknown; payload?: unknown; ok?: unknown; result?: unknown; error?: ApiErrorShape };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === 'response' && typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      if (!resolve) return;
      pending.delete(message.id);
      resolve(
        message.ok === true
          ? { ok: true, result: message.result }
          : { ok: false, error: message.error ?? new ApiError('internal', 'a response without its error').toShape() },
      );
    } else if (message.type === 'event' && typeof message.event === 'string') {
      deliver(message.event, message.payload);
    }
  }

  function failAll(reason: string): void {
    const error = new ApiError('disconnected', reason).toShape();
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
  }

  connect();

  return {
    call(method, params) {
      if (state === 'disposed') {
        return Promise.resolve({ ok: false, error: new ApiError('disconnected', 'the client was closed').toShape() });
      }
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, method, params } satisfies RequestMessage);
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        if (state === 'open' && socket) socket.send(frame);
        else outbox.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    dispose() {
      setState('disposed');
      clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      outbox.length = 0;
      failAll('the client was closed');
    },
  };
}
