import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeStudio } from '../../test/fakes/fakeStudio';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PICK_FOLDER_CHANNEL } from '../shared/contract/channels';
import { startDesktop } from './desktop';
import type { IpcMainInvokeEvent } from './electron-env';
import { createFakeElectron } from './fakeElectron';
import { SQLITE_BINDING_ENV } from './nativeBinding';

// Electron's binary cannot run here: these tests drive main with a fake Electron module (fakeElectron.ts).
const dir = mkdtempSync(join(tmpdir(), 'st4vla-desktop-'));
const binding = join(dir, 'better_sqlite3.node');
writeFileSync(binding, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// startDesktop publishes the binding in process.env for core; it must not leak into other test files.
afterEach(() => {
  delete process.env[SQLITE_BINDING_ENV];
});

async function launch(env: Record<string, string | undefined> = { [SQLITE_BINDING_ENV]: binding }) {
  const electron = createFakeElectron();
  const studio = createFakeStudio();
  const loadStudio = vi.fn(async () => studio);
  const started = startDesktop(electron, {
    mainDir: join(dir, 'out', 'main'),
    appRoot: dir,
    versions: { electron: '40.0.0', platform: 'linux', arch: 'x64' },
    env,
    dataDir: join(dir, 'data'),
    loadStudio,
  });
  expect(electron.calls).toEqual(['registerSchemes studio']);
  await electron.ready();
  await started;
  const trusted: IpcMainInvokeEvent = { sender: electron.windows[0]?.webContents as never, senderFrame: { url: 'studio://app/index.html' } };
  const invoke = (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => electron.handlers.get(channel)!(event, ...args);
  return { electron, studio, loadStudio, trusted, invoke };
}

describe('the desktop shell', () => {
  it('opens one sandboxed, isolated window on the app scheme once the backend is up', async () => {
    const { electron, loadStudio } = await launch();
    expect(loadStudio).toHaveBeenCalledWith(join(dir, 'data'));
    expect(process.env[SQLITE_BINDING_ENV]).toBe(binding);
    expect(electron.calls).toEqual(['registerSchemes studio', 'ready', 'protocol.handle studio']);
    expect(electron.windows).toHaveLength(1);
    const window = electron.windows[0]!;
    expect(window.loadedUrl).toBe('studio://app/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
      preload: join(dir, 'out', 'preload', 'index.cjs'),
    });
    expect([...electron.handlers.keys()].sort()).toEqual([IPC_CALL_CHANNEL, IPC_PICK_FOLDER_CHANNEL].sort());
  });

  it('carries calls to the dispatcher and refuses bad payloads and foreign frames', async () => {
    const { invoke, trusted } = await launch();
    expect(await invoke(IPC_CALL_CHANNEL, trusted, { method: 'app.info', params: {} })).toMatchObject({ ok: true, result: { version: '0.0.0-test' } });
    expect(await invoke(IPC_CALL_CHANNEL, trusted, { method: 'episodes.get', params: { id: -1 } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(IPC_CALL_CHANNEL, trusted, { method: 'nope' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(IPC_CALL_CHANNEL, trusted, 'garbage')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const foreign = { ...trusted, senderFrame: { url: 'https://evil.example/' } };
    expect(await invoke(IPC_CALL_CHANNEL, foreign, { method: 'app.info', params: {} })).toMatchObject({ ok: false, error: { message: expect.stringContaining('only from the studio page') } });
  });

  it('sends every backend event to every window on the one event channel', async () => {
    const { electron, studio } = await launch();
    studio.bus.emit('project.changed', { reason: 'import' });
    expect(electron.windows[0]!.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, payload: { event: 'project.changed', payload: { reason: 'import' } } }]);
  });

  it('answers pickFolder with the native dialog, null when cancelled', async () => {
    const { electron, invoke, trusted } = await launch();
    expect(await invoke(IPC_PICK_FOLDER_CHANNEL, trusted)).toBe('/data/robots');
    electron.dialogAnswer = { canceled: true, filePaths: [] };
    expect(await invoke(IPC_PICK_FOLDER_CHANNEL, trusted)).toBeNull();
  });

  it('blocks navigation away from the app, new windows, webviews and unneeded permissions', async () => {
    const { electron } = await launch();
    const contents = electron.createContents();
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'studio://app/index.html')).toBe(false);
    expect(contents.navigate('will-attach-webview')).toBe(true);
    expect(contents.openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.calls).toContain('openExternal https://docs.example/');
    expect(electron.calls).not.toContain('openExternal javascript:alert(1)');
    const granted = (permission: string, url: string) => {
      let answer: boolean | undefined;
      electron.permissionRequest!(contents, permission, (g) => (answer = g), { requestingUrl: url });
      return answer;
    };
    expect(granted('media', 'studio://app/index.html')).toBe(false);
    expect(granted('fullscreen', 'studio://app/index.html')).toBe(true);
    expect(granted('fullscreen', 'https://evil.example/')).toBe(false);
    expect(electron.permissionCheck!(contents, 'geolocation', 'studio://app')).toBe(false);
  });

  it('serves the renderer and media through the app protocol', async () => {
    const { electron } = await launch();
    const res = await electron.protocolHandler!(new Request('studio://app/media/episode/9/top'));
    expect(res.status).toBe(404);
  });

  it('says how to fix a missing Electron build of better-sqlite3 instead of crashing', async () => {
    const electron = createFakeElectron();
    const started = startDesktop(electron, {
      mainDir: dir, appRoot: join(dir, 'nowhere'), versions: { electron: '40.0.0', platform: 'linux', arch: 'x64' },
      env: {}, dataDir: dir, loadStudio: async () => createFakeStudio(),
    });
    await electron.ready();
    await started;
    expect(electron.calls).toContain('exit 1');
    expect(electron.calls.find((c) => c.startsWith('errorBox'))).toContain('npm start');
    expect(electron.windows).toHaveLength(0);
  });

  it('closes the backend before quitting', async () => {
    const { electron, studio } = await launch();
    let prevented = false;
    for (const l of electron.appListeners.get('before-quit')!) l({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(studio.closed).toBe(true);
    expect(electron.calls.at(-1)).toBe('quit');
  });
});
