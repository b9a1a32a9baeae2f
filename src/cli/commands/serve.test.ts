import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeStudio } from '../../../test/fakes/fakeStudio';
import { captureOutput } from './cliTestIo';
import { createServeCommand } from './serve';

const io = captureOutput();
const dir = mkdtempSync(join(tmpdir(), 'st4vla-serve-'));
mkdirSync(join(dir, 'renderer'));
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>served</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A serve command that, once the URL is printed, runs `visit` against it and then stops. */
function serveAndVisit(visit: (url: string) => Promise<void>) {
  const studio = createFakeStudio();
  const command = createServeCommand({
    openStudio: async () => studio,
    rendererDir: () => join(dir, 'renderer'),
    untilStopped: async () => {
      await visit(io.stdout().trim());
    },
  });
  return { studio, command };
}

describe('st4vla serve', () => {
  it('prints the tokenised loopback URL, serves until stopped, then closes the backend', async () => {
    let page = '';
    const { studio, command } = serveAndVisit(async (url) => {
      // Node's fetch keeps no cookies, so follow the token-to-cookie redirect by hand, as a browser would.
      const first = await fetch(url, { redirect: 'manual' });
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      page = await (await fetch(new URL(first.headers.get('location')!, url), { headers: { cookie } })).text();
    });
    expect(await command.run(['--quiet'])).toBe(0);
    expect(io.stdout()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}\n$/);
    expect(page).toContain('<title>served</title>');
    expect(studio.closed).toBe(true);
    expect(io.stderr()).toBe('');
  });

  it('opens the project given with --project at start, and the default (sample) project without', async () => {
    const asked: unknown[] = [];
    const command = createServeCommand({
      openStudio: async (options) => (asked.push(options), createFakeStudio()),
      rendererDir: () => dir,
      untilStopped: async () => {},
    });
    expect(await command.run(['--project', '/projects/p', '--data-dir', '/d', '--quiet'])).toBe(0);
    expect(await command.run(['--data-dir', '/d', '--quiet'])).toBe(0);
    expect(asked).toEqual([
      { dataDir: '/d', projectDir: '/projects/p', create: true },
      { dataDir: '/d', projectDir: undefined, create: true },
    ]);
  });

  it('warns when asked to listen beyond this machine', async () => {
    const { command } = serveAndVisit(async () => {});
    expect(await command.run(['--host', '0.0.0.0', '--quiet'])).toBe(0);
    expect(io.stderr()).toContain('warning: listening on 0.0.0.0');
    expect(io.stdout()).toMatch(/^http:\/\/0\.0\.0\.0:\d+\//);
  });

  it.each([
    [['--port', 'x'], '--port must be 0-65535'],
    [['--port', '70000'], '--port must be 0-65535'],
    [['extra'], 'unexpected argument "extra"'],
  ])('%j is a usage error', async (argv, message) => {
    const { command } = serveAndVisit(async () => {});
    expect(await command.run(argv)).toBe(2);
    expect(io.stderr()).toContain(message);
  });

  it('exits 1 when the port is taken', async () => {
    const first = serveAndVisit(async (url) => {
      const port = new URL(url).port;
      const second = serveAndVisit(async () => {});
      expect(await second.command.run(['--port', port, '--quiet'])).toBe(1);
    });
    expect(await first.command.run(['--quiet'])).toBe(0);
    expect(io.stderr()).toContain('EADDRINUSE');
  });
});
