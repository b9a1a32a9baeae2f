import type {
  BrowserWindow, BrowserWindowOptions, ElectronMain, HandlerDetails, IpcMainInvokeEvent, PreventableEvent, Session, WebContents,
} from './electron-env';

/**
 * A stand-in for Electron's main-process module, for tests: Electron's binary cannot run where the
 * tests run. It records what main asks of Electron and lets a test play the renderer's part.
 */
export interface FakeElectron extends ElectronMain {
  calls: string[];
  windows: FakeWindow[];
  handlers: Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>;
  appListeners: Map<string, ((...args: unknown[]) => void)[]>;
  protocolHandler?: (request: Request) => Promise<Response> | Response;
  permissionRequest?: Parameters<Session['setPermissionRequestHandler']>[0];
  permissionCheck?: Parameters<Session['setPermissionCheckHandler']>[0];
  dialogAnswer: { canceled: boolean; filePaths: string[] };
  ready(): Promise<void>;
  /** Creates web contents as Electron would for a new window or frame, firing `web-contents-created`. */
  createContents(): FakeContents;
}

export interface FakeContents extends WebContents {
  sent: { channel: string; payload: unknown }[];
  openHandler?: (details: HandlerDetails) => { action: 'deny' | 'allow' };
  navigationListeners: Map<string, ((event: PreventableEvent, url?: string) => void)[]>;
  /** Fires a navigation event; true when main prevented it. */
  navigate(kind: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url?: string): boolean;
}

export interface FakeWindow extends BrowserWindow {
  options: BrowserWindowOptions;
  loadedUrl?: string;
  webContents: FakeContents;
}

export function createFakeElectron(): FakeElectron {
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  let nextId = 1;
  const fake = {} as FakeElectron;
  const session: Session = {
    setPermissionRequestHandler: (h) => (fake.permissionRequest = h),
    setPermissionCheckHandler: (h) => (fake.permissionCheck = h),
  };
  const createContents = (): FakeContents => {
    const contents: FakeContents = {
      id: nextId++,
      mainFrame: { url: '' },
      session,
      sent: [],
      navigationListeners: new Map(),
      isDestroyed: () => false,
      send: (channel, payload) => contents.sent.push({ channel, payload }),
      setWindowOpenHandler: (h) => (contents.openHandler = h),
      on: (event: string, listener: (e: PreventableEvent, url?: string) => void) => {
        contents.navigationListeners.set(event, [...(contents.navigationListeners.get(event) ?? []), listener]);
      },
      navigate(kind, url) {
        let prevented = false;
        for (const l of contents.navigationListeners.get(kind) ?? []) l({ preventDefault: () => (prevented = true) }, url);
        return prevented;
      },
    } as FakeContents;
    for (const l of fake.appListeners.get('web-contents-created') ?? []) l({}, contents);
    return contents;
  };
  class FakeBrowserWindow implements FakeWindow {
    webContents: FakeContents;
    loadedUrl?: string;
    constructor(readonly options: BrowserWindowOptions) {
      this.webContents = createContents();
      fake.windows.push(this);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
    }
    show() {}
    once() {}
    static getAllWindows = () => fake.windows;
    static fromWebContents = (c: WebContents) => fake.windows.find((w) => w.webContents === c) ?? null;
  }
  Object.assign(fake, {
    calls: [],
    windows: [],
    handlers: new Map(),
    appListeners: new Map(),
    dialogAnswer: { canceled: false, filePaths: ['/data/robots'] },
    ready: async () => {
      resolveReady();
      await new Promise((r) => setTimeout(r, 0));
    },
    createContents,
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: session },
    shell: { openExternal: async (url: string) => void fake.calls.push(`openExternal ${url}`) },
    ipcMain: {
      handle: (channel: string, h: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => fake.handlers.set(channel, h),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => fake.calls.push(`registerSchemes ${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string, h: FakeElectron['protocolHandler']) => {
        fake.calls.push(`protocol.handle ${scheme}`);
        fake.protocolHandler = h;
      },
    },
    dialog: {
      showOpenDialog: async () => fake.dialogAnswer,
      showErrorBox: (_title: string, content: string) => fake.calls.push(`errorBox ${content}`),
    },
    app: {
      whenReady: () => readyPromise.then(() => void fake.calls.push('ready')),
      on: (event: string, listener: (...args: unknown[]) => void) =>
        fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]),
      getPath: () => '/home/user/.config',
      getAppPath: () => '/app',
      getVersion: () => '0.0.0',
      quit: () => fake.calls.push('quit'),
      exit: (code?: number) => fake.calls.push(`exit ${code}`),
    },
  });
  return fake;
}
