import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { isLoopbackHost, startServer } from '../../server';
import { UsageError, parseCommandArgs, reportFailure, type CliCommand } from '../command';
import { defaultDataDir, openRealStudio, packageRoot, type OpenStudio } from '../studio';

const HELP = `usage: st4vla serve [--port N] [--host ADDR] [--project DIR] [--data-dir DIR] [--open] [--quiet]

Runs the studio in web mode: serves the built renderer and the API on this machine, and prints the URL
to open (it carries a per-launch token; without it every request is refused). Stops on Ctrl-C.

options:
  --port N         port to listen on (default: a free one)
  --host ADDR      address to bind (default 127.0.0.1). Anything else exposes your projects to the
                   network, guarded only by the token
  --project DIR    open this project at start (created when missing); without it the studio
                   opens the sample project, building it on first run
  --data-dir DIR   the studio's settings and recent projects (default: ${defaultDataDir()})
  --open           open the URL in the system's browser
  --quiet          print only the URL
  -h, --help       show this help`;

export interface ServeDeps {
  openStudio: OpenStudio;
  /** Resolves when the server should stop; by default on SIGINT or SIGTERM. */
  untilStopped(): Promise<void>;
  rendererDir(): string;
}

const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export function createServeCommand(deps: ServeDeps): CliCommand {
  return {
    name: 'serve',
    summary: 'run the studio in web mode and print the URL to open',
    async run(argv) {
      try {
        const { values, positionals } = parseCommandArgs(argv, {
          port: { type: 'string' },
          host: { type: 'string', default: '127.0.0.1' },
          project: { type: 'string' },
          'data-dir': { type: 'string' },
          open: { type: 'boolean', default: false },
          quiet: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        });
        if (values.help) {
          process.stdout.write(HELP + '\n');
          return 0;
        }
        if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
        if (!isLoopbackHost(values.host)) {
          process.stderr.write(
            `st4vla serve: warning: listening on ${values.host}, not only this machine; anyone who can reach it and learns the URL's token can read and change your projects\n`,
          );
        }
        const projectDir = values.project === undefined ? undefined : resolve(values.project);
        const studio = await deps.openStudio({ dataDir: values['data-dir'] ?? defaultDataDir(), projectDir, create: true });
        try {
          const server = await startServer({ studio, staticDir: deps.rendererDir(), host: values.host, port });
          process.stdout.write(server.url + '\n');
          if (!values.quiet) process.stderr.write('Open the URL above in a browser. Ctrl-C stops the studio.\n');
          if (values.open) openBrowser(server.url);
          await deps.untilStopped();
          await server.close();
        } finally {
          await studio.close();
        }
        return 0;
      } catch (err) {
        return reportFailure('serve', err);
      }
    },
  };
}

/** Best effort: a machine without a desktop simply has no browser to open, and the printed URL is enough. */
export function openBrowser(url: string): void {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
    : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`(no browser opener found; open the URL yourself)\n`));
  child.unref();
}

export const serveCommand = createServeCommand({
  openStudio: openRealStudio,
  untilStopped: untilSignal,
  rendererDir: () => process.env.ST4VLA_RENDERER_DIR ?? join(packageRoot(), 'out', 'renderer'),
});
