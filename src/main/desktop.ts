import { join } from 'node:path';
import type { Studio } from '../core/api/studio';
import { createAppProtocolHandler } from './appProtocol';
import { bindContract, bindShellServices } from './bridge';
import type { BrowserWindow, ElectronMain } from './electron-env';
import { findSqliteBinding, SQLITE_BINDING_ENV, type RuntimeVersions } from './nativeBinding';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, applyAppSecurity, mainWindowOptions } from './security';

export interface DesktopOptions {
  /** Folder of the built main bundle (out/main); preload and renderer sit beside it. */
  mainDir: string;
  /** The project root, where `npm start` caches the Electron build of better-sqlite3. */
  appRoot: string;
  versions: RuntimeVersions;
  env: Record<string, string | undefined>;
  /** Creates the backend once the SQLite binding is chosen. */
  loadStudio(dataDir: string): Promise<Studio>;
  /** ST4VLA_DATA_DIR, else the same folder the web shell and CLI use. */
  dataDir: string;
}

/**
 * The desktop shell: registers the app scheme, hardens every web contents, then (when ready) creates
 * the backend, serves studio://app, binds the IPC bridge and opens the window. Takes Electron as a
 * parameter so that tests drive it with a fake.
 */
export function startDesktop(electron: ElectronMain, options: DesktopOptions): Promise<void> {
  const { app, protocol, BrowserWindow } = electron;
  // Must happen before `ready`: privileges cannot be granted to a scheme afterwards.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  applyAppSecurity(app, electron.shell, electron.session.defaultSession);
  const preload = join(options.mainDir, '..', 'preload', 'index.cjs');
  const openWindow = (): BrowserWindow => {
    const window = new BrowserWindow(mainWindowOptions(preload));
    window.once('ready-to-show', () => window.show());
    void window.loadURL(APP_ENTRY_URL);
    return window;
  };

  return app.whenReady().then(async () => {
    const binding = findSqliteBinding(options.env, options.appRoot, options.versions);
    if (!binding) {
      fail(electron, 'The Electron build of better-sqlite3 is missing. Start the studio with `npm start`, which builds it.');
      return;
    }
    process.env[SQLITE_BINDING_ENV] = binding;
    let studio: Studio;
    try {
      studio = await options.loadStudio(options.dataDir);
    } catch (error) {
      fail(electron, `The studio backend could not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    protocol.handle(APP_SCHEME, createAppProtocolHandler({
      rendererDir: join(options.mainDir, '..', 'renderer'),
      resolveMedia: (mediaPath) => studio.resolveMedia(mediaPath),
    }));
    bindContract(electron.ipcMain, studio, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
    bindShellServices(electron.ipcMain, electron.dialog, (contents) => BrowserWindow.fromWebContents(contents));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    app.on('window-all-closed', () => app.quit());
    // Quitting waits for the backend to close, so that the database is checkpointed and jobs stop cleanly.
    let backend: 'open' | 'closing' | 'closed' = 'open';
    app.on('before-quit', (event) => {
      if (backend === 'closed') return;
      event.preventDefault();
      if (backend === 'closing') return;
      backend = 'closing';
      void studio.close().finally(() => {
        backend = 'closed';
        app.quit();
      });
    });
  });
}

function fail(electron: ElectronMain, message: string): void {
  electron.dialog.showErrorBox('ST4VLA Studio', message);
  electron.app.exit(1);
}
