/** Option values checked the same way by every command, each failure a UsageError naming the option. */
import { UsageError } from './command';

/** An integer of at least `min`, or undefined when the option is not given. */
export function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer of at least ${min}, got "${value}"`);
  return n;
}

export function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a positive number, got "${value}"`);
  return n;
}

export function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a number of at least 0, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(name: string, value: string | undefined, known: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(known as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of ${known.join(', ')}, got "${value}"`);
  return value as T;
}

/** A comma-separated list of known names, or undefined when the option is not given. */
export function list<T extends string>(name: string, value: string | undefined, known: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${name} needs at least one of ${known.join(', ')}`);
  const unknown = items.find((v) => !(known as readonly string[]).includes(v));
  if (unknown) throw new UsageError(`${name}: "${unknown}" is not one of ${known.join(', ')}`);
  return items as T[];
}

/** The one project folder a command takes as its positional argument. */
export function projectFolder(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'expected a project folder' : 'too many arguments');
  return positionals[0]!;
}

/** Progress lines for stderr, silent under --quiet (stdout keeps the results). */
export function stderrLines(quiet: boolean): (line: string) => void {
  return (line) => {
    if (!quiet) process.stderr.write(line + '\n');
  };
}

/** The options of every command that opens a project in the studio: its data folder, --quiet and --help. */
export const STUDIO_OPTIONS = {
  'data-dir': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
