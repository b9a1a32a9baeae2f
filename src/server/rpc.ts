import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Studio } from '../core/api/studio';
import { ApiError } from '../shared/contract/errors';
import { RequestMessage, type EventMessage, type ResponseMessage } from '../shared/contract/wire';

/** Larger frames are refused by ws before we parse them; no contract call needs more. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Silent peers (a closed laptop lid) are dropped after one missed ping. */
const PING_INTERVAL_MS = 30_000;
/** Id of the answer to a frame whose own id could not be read. */
export const UNKNOWN_REQUEST_ID = -1;

export interface RpcEndpoint {
  /** Takes over an already authorised upgrade request for /rpc. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): void;
}

/**
 * The web shell's half of the contract: each text frame is one wire request, answered by one response
 * with the same id; every backend event goes to every client. Nothing a client sends can crash it:
 * malformed frames get a bad_request response.
 */
export function createRpcEndpoint(studio: Studio, onInternalError: (e: unknown) => void = () => {}): RpcEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const alive = new WeakSet<WebSocket>();

  const unsubscribe = studio.subscribe((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies EventMessage);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, PING_INTERVAL_MS);
  heartbeat.unref();

  wss.on('connection', (socket: WebSocket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: RawData, isBinary: boolean) => {
      void answer(socket, data, isBinary).catch(onInternalError);
    });
  });

  async function answer(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const request = isBinary ? undefined : readRequest(data);
    const response: ResponseMessage = request?.ok
      ? { type: 'response', id: request.message.id, ...(await studio.dispatch(request.message.method, request.message.params)) }
      : {
          type: 'response',
          id: request?.id ?? UNKNOWN_REQUEST_ID,
          ok: false,
          error: new ApiError('bad_request', request?.reason ?? 'binary frames are not part of the protocol').toShape(),
        };
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(response));
  }

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    clientCount: () => wss.clients.size,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

type ReadResult = { ok: true; message: RequestMessage } | { ok: false; id?: number; reason: string };

function readRequest(data: RawData): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(frameText(data));
  } catch {
    return { ok: false, reason: 'the frame is not JSON' };
  }
  const parsed = RequestMessage.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = (json as { id?: unknown } | null)?.id;
  return {
    ok: false,
    id: typeof id === 'number' && Number.isInteger(id) ? id : undefined,
    reason: 'the frame is not a request message {type:"request", id, method, params}',
  };
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
