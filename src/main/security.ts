import type {
  App, BrowserWindowOptions, CustomScheme, IpcMainInvokeEvent, Session, Shell, WebContents, WebPreferences,
} from './electron-env';
import { APP_CSP, ISOLATION_HEADERS } from '../shared/http/policy';

/**
 * Every security setting of the desktop shell, in one file. The renderer is treated as untrusted web
 * content: it runs sandboxed, without Node, isolated from the preload, and can reach nothing but the
 * app's own origin and the two bridge objects the preload exposes.
 */

/** The renderer and its media are served from one privileged scheme: a real origin, not file://. */
export const APP_SCHEME = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard + secure gives the scheme an origin, cookies-free fetch and a secure context (so COOP/COEP
 * make it cross-origin isolated); stream lets <video> and ranged fetches read media progressively.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

/** The desktop CSP: the web shell's own (calls go over IPC, so its same-origin WebSocket goes unused). */
export const DESKTOP_CSP = APP_CSP;

/** Headers on every app-protocol response: isolation (threaded WebAssembly) and the CSP. */
export const APP_RESPONSE_HEADERS: Record<string, string> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': DESKTOP_CSP,
};

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    // The preload does no I/O, so nothing needs the sandbox off.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preload: string): BrowserWindowOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'ST4VLA Studio',
    backgroundColor: '#15171a',
    webPreferences: secureWebPreferences(preload),
  };
}

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Only our own page may use the bridge: an IPC message from any other frame is ignored. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame !== null && isAppUrl(event.senderFrame.url);
}

/**
 * No new windows (an https link opens in the system browser instead), no navigation away from the app,
 * no <webview>. Applied to every web contents Electron creates, not only the main window's.
 */
export function hardenWebContents(contents: WebContents, shell: Shell): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permissions the app uses; everything else (camera, geolocation, notifications…) is refused. */
const GRANTED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl ?? ''));
  });
  session.setPermissionCheckHandler((_contents, permission, origin) => GRANTED_PERMISSIONS.has(permission) && isAppUrl(origin));
}

/** Installs the app-wide guards; call once, before the first window. */
export function applyAppSecurity(app: App, shell: Shell, session: Session): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
  restrictPermissions(session);
}
