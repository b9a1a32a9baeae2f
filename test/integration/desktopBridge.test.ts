import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDesktop } from '../../src/main/desktop';
import { createFakeElectron } from '../../src/main/fakeElectron';
import { SQLITE_BINDING_ENV } from '../../src/main/nativeBinding';
import { createBridges } from '../../src/preload/bridge';
import { createClient } from '../../src/shared/contract/client';
import { createFakeStudio } from '../fakes/fakeStudio';

// Main and preload may not import each other, so their meeting point is tested from here.
const dir = mkdtempSync(join(tmpdir(), 'st4vla-desktop-bridge-'));
const binding = join(dir, 'better_sqlite3.node');
writeFileSync(binding, '');
afterAll(() => {
  delete process.env[SQLITE_BINDING_ENV];
  rmSync(dir, { recursive: true, force: true });
});

describe('preload bridge + main bridge', () => {
  it('round-trip typed calls and events between the renderer client and the backend', async () => {
    const electron = createFakeElectron();
    const studio = createFakeStudio();
    const started = startDesktop(electron, {
      mainDir: dir, appRoot: dir, versions: { electron: '40.0.0', platform: 'linux', arch: 'x64' },
      env: { [SQLITE_BINDING_ENV]: binding }, dataDir: dir, loadStudio: async () => studio,
    });
    await electron.ready();
    await started;
    const window = electron.windows[0]!;
    const frame = { sender: window.webContents, senderFrame: { url: 'studio://app/index.html' } };
    const eventListeners: ((event: unknown, payload: unknown) => void)[] = [];
    const { studio: bridge } = createBridges({
      invoke: async (channel, ...args) => electron.handlers.get(channel)!(frame, ...args),
      on: (_channel, listener) => eventListeners.push(listener),
    });
    const client = createClient(bridge);

    await expect(client.call('episodes.setReview', { id: 3, status: 'done' })).resolves.toEqual({ id: 3, status: 'done' });
    await expect(client.call('episodes.setReview', { id: 3, status: 'great' as never })).rejects.toMatchObject({ name: 'ApiError', code: 'bad_request' });

    const seen: unknown[] = [];
    client.on('project.changed', (p) => seen.push(p));
    studio.bus.emit('project.changed', { reason: 'import' });
    for (const { payload } of window.webContents.sent) for (const l of eventListeners) l({}, payload);
    expect(seen).toEqual([{ reason: 'import' }]);
  });
});
