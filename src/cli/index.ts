#!/usr/bin/env node
/**
 * The `st4vla` command: a small table of subcommands, each with its own --help. Usage errors exit with
 * 2, failures with 1, so scripts can tell a typo from a failed run.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { demoCommand } from './commands/demo';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { generateCommand } from './commands/generate';
import { importCommand } from './commands/import';
import { importRolloutsCommand } from './commands/importRollouts';
import { infoCommand } from './commands/info';
import { serveCommand } from './commands/serve';
import { trainCommand } from './commands/train';
import type { CliCommand } from './command';

const COMMANDS: CliCommand[] = [serveCommand, importCommand, importRolloutsCommand, infoCommand, generateCommand, exportCommand, trainCommand, evalCommand, demoCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: st4vla <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'st4vla <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`st4vla: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  return !!script && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`st4vla: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
