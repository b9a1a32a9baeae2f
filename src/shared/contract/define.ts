import type { z } from 'zod';

/** A request/response method of the contract. `doc` states its rule in one line. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  doc: string;
  input: I;
  output: O;
}

/** A backend-to-client event of the contract. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  doc: string;
  payload: P;
}

export function method<I extends z.ZodType, O extends z.ZodType>(doc: string, input: I, output: O): MethodSpec<I, O> {
  return { doc, input, output };
}

export function event<P extends z.ZodType>(doc: string, payload: P): EventSpec<P> {
  return { doc, payload };
}

/** Removes a listener. Every subscription returns one (the contextBridge cannot carry `.off`). */
export type Unsubscribe = () => void;
