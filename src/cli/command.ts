import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One row of the CLI's command table. run() resolves to the process exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs with its errors turned into UsageErrors that the command prints with its help. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Prints a failure the way every command does: the message only, the stack on ST4VLA_DEBUG=1. */
export function reportFailure(command: string, err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`st4vla ${command}: ${err.message}\nRun 'st4vla ${command} --help' for usage.\n`);
    return 2;
  }
  const detail = process.env.ST4VLA_DEBUG && err instanceof Error ? err.stack : err instanceof Error ? err.message : String(err);
  process.stderr.write(`st4vla ${command}: error: ${detail}\n`);
  return 1;
}
