import {
  methods, isMethodName, type MethodName, type MethodOutput, type MethodParsedInput,
} from '../../shared/contract/api';
import { ApiError } from '../../shared/contract/errors';
import type { CallOutcome } from '../../shared/contract/wire';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export type Dispatch = (method: string, params: unknown) => Promise<CallOutcome>;

/**
 * The backend's door: every call from every shell passes here. Input is validated against the contract
 * (a bad payload is a `bad_request`, never a crash), and so is output, so that a backend bug surfaces
 * as an `internal` error naming the method instead of a malformed value in the UI.
 */
export function createDispatcher(handlers: Handlers, onInternalError: (e: unknown) => void = () => {}): Dispatch {
  return async (method, params) => {
    if (!isMethodName(method)) {
      return fail(new ApiError('bad_request', `unknown method "${method}"`));
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(params ?? {});
    if (!parsed.success) {
      return fail(new ApiError('bad_request', `invalid input for ${method}: ${summarise(parsed.error.issues)}`, parsed.error.issues));
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const result = await handler(parsed.data);
      const checked = spec.output.safeParse(result);
      if (!checked.success) {
        throw new Error(`${method} returned a value outside the contract: ${summarise(checked.error.issues)}`);
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      onInternalError(error);
      const message = error instanceof Error ? error.message : String(error);
      return fail(new ApiError('internal', `${method} failed: ${message}`));
    }
  };
}

function fail(error: ApiError): CallOutcome {
  return { ok: false, error: error.toShape() };
}

function summarise(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
