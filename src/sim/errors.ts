/** Raised for any bad input to the environment: the message names the offending value. */
export class SimInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimInputError';
  }
}

export function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new SimInputError(`unknown ${what} "${value}"; expected one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

export function inRange(what: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new SimInputError(`${what} must be a finite number in [${min}, ${max}], got ${value}`);
  }
  return value;
}

export function integerInRange(what: string, value: number, min: number, max: number): number {
  inRange(what, value, min, max);
  if (!Number.isInteger(value)) throw new SimInputError(`${what} must be an integer, got ${value}`);
  return value;
}
