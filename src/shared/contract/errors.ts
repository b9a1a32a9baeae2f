import { z } from 'zod';

/** Error codes a client may branch on. */
export const ERROR_CODES = [
  'bad_request',
  'not_found',
  'conflict',
  'unsupported',
  'no_project',
  'cancelled',
  'internal',
  // Raised by a client transport, never by the backend: the connection dropped before the answer came.
  'disconnected',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ApiErrorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Where the problem is, e.g. zod issue paths or the file and field of a bad dataset. */
  details: z.unknown().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** The one error type that crosses the contract, on either side of it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }
}
