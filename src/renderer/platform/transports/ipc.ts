import type { Transport } from '../../../shared/contract/client';

/**
 * The desktop shell's transport: the preload's `window.studio` already has the Transport shape. The
 * wrapper keeps `this` out of the bridge calls, since contextBridge hands over plain functions.
 */
export function createIpcTransport(bridge: NonNullable<Window['studio']>): Transport {
  return {
    call: (method, params) => bridge.call(method, params),
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  };
}
