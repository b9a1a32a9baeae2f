import type { Studio } from '../core/api/studio';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PICK_FOLDER_CHANNEL, type IpcEvent } from '../shared/contract/channels';
import type { Unsubscribe } from '../shared/contract/define';
import { ApiError } from '../shared/contract/errors';
import type { CallOutcome } from '../shared/contract/wire';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from './electron-env';
import { isTrustedSender } from './security';

/**
 * The desktop shell's half of the contract: one IPC channel carries every call to the dispatcher (which
 * validates it), one carries every event to every window. A new contract method needs nothing here.
 */
export function bindContract(ipcMain: IpcMain, studio: Studio, allContents: () => WebContents[]): Unsubscribe {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, message): Promise<CallOutcome> => {
    if (!isTrustedSender(event)) return refuse('calls are accepted only from the studio page');
    if (typeof message !== 'object' || message === null || typeof (message as { method?: unknown }).method !== 'string') {
      return refuse('an IPC call is {method, params}');
    }
    const { method, params } = message as { method: string; params?: unknown };
    return studio.dispatch(method, params);
  });
  const unsubscribe = studio.subscribe((event, payload) => {
    const message: IpcEvent = { event, payload };
    for (const contents of allContents()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, message);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}

/** The native folder dialog, kept out of the contract: it is a service of this shell, not the backend. */
export function bindShellServices(
  ipcMain: IpcMain,
  dialog: Dialog,
  windowOf: (contents: WebContents) => BrowserWindow | null,
): Unsubscribe {
  ipcMain.handle(IPC_PICK_FOLDER_CHANNEL, async (event: IpcMainInvokeEvent): Promise<string | null> => {
    const window = isTrustedSender(event) ? windowOf(event.sender) : null;
    if (!window) return null;
    const result = await dialog.showOpenDialog(window, { title: 'Choose a folder', properties: ['openDirectory', 'createDirectory'] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  return () => ipcMain.removeHandler(IPC_PICK_FOLDER_CHANNEL);
}

function refuse(message: string): CallOutcome {
  return { ok: false, error: new ApiError('bad_request', message).toShape() };
}
