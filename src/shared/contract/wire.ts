import { z } from 'zod';
import { ApiErrorShape } from './errors';

/** Messages on the wire (WebSocket text frames, or IPC payloads). */

export const RequestMessage = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  params: z.unknown(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export const ResponseMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: ApiErrorShape }),
]);
export type ResponseMessage = z.infer<typeof ResponseMessage>;

export const EventMessage = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export type EventMessage = z.infer<typeof EventMessage>;

export const ServerMessage = z.union([ResponseMessage, EventMessage]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** What either side of a call sees: a result or a typed error. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };
