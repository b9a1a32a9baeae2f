import type { Unsubscribe } from '../shared/contract/define';
import type { CallOutcome } from '../shared/contract/wire';

/**
 * `window.studio`: the contract's two verbs and nothing else. It is shaped as the contract's
 * `Transport`, so the renderer wraps it with `createClient` like any other transport.
 */
export interface StudioBridge {
  /** Runs one contract call in the backend; a bad method or payload comes back as a typed error. */
  call(method: string, params: unknown): Promise<CallOutcome>;
  /** Listens to one contract event until the returned function is called. */
  subscribe(event: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** `window.studioShell`: native services of the desktop shell that are not backend calls. */
export interface StudioShellBridge {
  /** Opens the native folder dialog; null when the user cancels. */
  pickFolder(): Promise<string | null>;
}
