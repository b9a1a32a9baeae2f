/** The web-mode shell: see server.ts. */
export { startServer, RPC_PATH, type RunningServer, type ServerOptions } from './server';
export { isLoopbackHost } from './auth';
