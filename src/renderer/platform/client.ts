import { createClient, type StudioClient } from '../../shared/contract/client';
import type { Unsubscribe } from '../../shared/contract/define';
import { createIpcTransport } from './transports/ipc';
import { createWebSocketTransport, type ConnectionState } from './transports/websocket';

export type { ConnectionState } from './transports/websocket';

/** How the page reaches the backend, and whether it currently can. */
export interface Connection {
  client: StudioClient;
  shell: 'electron' | 'web';
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): Unsubscribe;
}

/** What the picker reads from the page; a parameter so that tests need no DOM. */
export interface PageEnv {
  studio?: Window['studio'];
  location: { protocol: string; host: string };
}

/** The RPC endpoint of the web shell, on the page's own origin (the token cookie goes with it). */
export function rpcUrl(location: PageEnv['location']): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`;
}

/** IPC when the Electron preload put `window.studio` there, else the WebSocket of the web shell. */
export function connect(env: PageEnv): Connection {
  if (env.studio) {
    return {
      client: createClient(createIpcTransport(env.studio)),
      shell: 'electron',
      state: () => 'open',
      onStateChange: () => () => {},
    };
  }
  const transport = createWebSocketTransport(rpcUrl(env.location));
  return { client: createClient(transport), shell: 'web', state: transport.state, onStateChange: transport.onStateChange };
}

let connection: Connection | undefined;

/** The page's one connection, made on first use. */
export function getConnection(): Connection {
  connection ??= connect({ studio: window.studio, location: window.location });
  return connection;
}

/** The typed client every feature uses; the same API over IPC and over WebSocket. */
export function getStudioClient(): StudioClient {
  return getConnection().client;
}
