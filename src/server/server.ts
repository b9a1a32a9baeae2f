import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Studio } from '../core/api/studio';
import { contentTypeOf, mediaPathFromUrlPath } from '../shared/http/paths';
import { acceptableHost, hasTokenCredential, newToken, sameOriginUpgrade, sameToken, tokenCookie } from './auth';
import { sendText, setCommonHeaders } from './headers';
import { createRpcEndpoint } from './rpc';
import { sendFile } from './sendFile';
import { serveStatic } from './staticFiles';

export interface ServerOptions {
  studio: Studio;
  /** The built renderer (index.html and assets/). */
  staticDir: string;
  /** Default 127.0.0.1. Anything else exposes the studio to the network; the caller warns. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default: a fresh random token. Tests pass their own. */
  token?: string;
  /** Unexpected failures inside the server (not client mistakes). */
  onInternalError?: (error: unknown) => void;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  /** The same origin without the token. */
  origin: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const RPC_PATH = '/rpc';

/**
 * The web-mode shell: the built renderer, the WebSocket RPC at /rpc and media at /media/, all behind a
 * per-launch token. The first page load brings the token in the query; the answer moves it into an
 * HttpOnly cookie and redirects to the bare URL, so the token leaves the address bar and history.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const onInternalError = options.onInternalError ?? ((e) => console.error('st4vla server:', e));
  const rpc = createRpcEndpoint(options.studio, onInternalError);
  let port = 0;

  const server = createServer((req, res) => {
    setCommonHeaders(res);
    handleRequest(req, res).catch((error: unknown) => {
      onInternalError(error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!acceptableHost(req, host)) return sendText(res, 403, 'unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!sameToken(queryToken, token)) return sendText(res, 403, 'wrong token: open the URL that `st4vla serve` printed');
      url.searchParams.delete('token');
      res.writeHead(302, { 'Set-Cookie': tokenCookie(port, token), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!hasTokenCredential(req, port, token)) {
      return sendText(res, 403, 'this studio needs its token: open the URL that `st4vla serve` printed');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (url.pathname.startsWith('/media/')) return serveMedia(req, res, url.pathname);
    return serveStatic(req, res, options.staticDir, url.pathname);
  }

  async function serveMedia(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
    const mediaPath = mediaPathFromUrlPath(urlPath);
    const file = mediaPath === null ? null : await options.studio.resolveMedia(mediaPath);
    if (file === null) return sendText(res, 404, 'no such media in the open project');
    await sendFile(req, res, file, { contentType: contentTypeOf(file), cacheControl: 'private, no-cache' });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const authorised =
      url.pathname === RPC_PATH &&
      acceptableHost(req, host) &&
      sameOriginUpgrade(req) &&
      (hasTokenCredential(req, port, token) || sameToken(url.searchParams.get('token'), token));
    if (!authorised) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    rpc.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    port,
    token,
    async close() {
      rpc.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
