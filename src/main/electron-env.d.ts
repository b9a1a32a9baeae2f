/**
 * The slice of Electron's API that the main process uses. Electron's binary (and so its package with
 * electron.d.ts) cannot be installed everywhere we build, so main is written against these shapes and
 * receives the real module at start; tests hand in fakes. The names follow Electron's own typings.
 */

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
  show: boolean;
  title: string;
  backgroundColor?: string;
  webPreferences: WebPreferences;
}

export interface WebFrameMain {
  url: string;
}

export interface HandlerDetails {
  url: string;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContents {
  id: number;
  mainFrame: WebFrameMain;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' | 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
  session: Session;
}

export interface BrowserWindow {
  webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  once(event: 'ready-to-show', listener: () => void): void;
}

export interface BrowserWindowStatic {
  new (options: BrowserWindowOptions): BrowserWindow;
  getAllWindows(): BrowserWindow[];
  fromWebContents(contents: WebContents): BrowserWindow | null;
}

export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
}

export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface PermissionRequestDetails {
  requestingUrl?: string;
}

export interface Session {
  setPermissionRequestHandler(
    handler: (contents: WebContents, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: WebContents | null, permission: string, requestingOrigin: string) => boolean): void;
}

export interface CustomScheme {
  scheme: string;
  privileges: {
    standard?: boolean;
    secure?: boolean;
    supportFetchAPI?: boolean;
    stream?: boolean;
    codeCache?: boolean;
    corsEnabled?: boolean;
    bypassCSP?: boolean;
  };
}

export interface Protocol {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface OpenDialogOptions {
  title?: string;
  properties: ('openDirectory' | 'createDirectory' | 'openFile')[];
}

export interface Dialog {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showErrorBox(title: string, content: string): void;
}

export interface App {
  whenReady(): Promise<void>;
  on(event: 'window-all-closed' | 'activate', listener: () => void): void;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): void;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
  getPath(name: 'appData' | 'userData'): string;
  getAppPath(): string;
  getVersion(): string;
  quit(): void;
  exit(code?: number): void;
}

export interface Shell {
  openExternal(url: string): Promise<void>;
}

/** What `require('electron')` gives the main process. */
export interface ElectronMain {
  app: App;
  BrowserWindow: BrowserWindowStatic;
  ipcMain: IpcMain;
  protocol: Protocol;
  dialog: Dialog;
  shell: Shell;
  session: { defaultSession: Session };
}
