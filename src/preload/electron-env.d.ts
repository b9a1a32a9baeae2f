/**
 * The slice of Electron the sandboxed preload uses (Electron's own typings are not installable
 * everywhere we build; see src/main/electron-env.d.ts).
 */
export interface ElectronPreload {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  };
}
