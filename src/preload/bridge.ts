import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PICK_FOLDER_CHANNEL, type IpcCall } from '../shared/contract/channels';
import type { CallOutcome } from '../shared/contract/wire';
import type { StudioBridge, StudioShellBridge } from './api';
import type { ElectronPreload } from './electron-env';

/**
 * Builds the two objects the preload exposes. It holds no logic and does no I/O: it forwards calls on
 * one channel and fans the one event channel out by event name. Validation is the backend's job.
 */
export function createBridges(ipcRenderer: ElectronPreload['ipcRenderer']): { studio: StudioBridge; studioShell: StudioShellBridge } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message) => {
    const { event, payload } = (message ?? {}) as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  });
  const studio: StudioBridge = {
    call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, params } satisfies IpcCall) as Promise<CallOutcome>,
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
  const studioShell: StudioShellBridge = {
    pickFolder: () => ipcRenderer.invoke(IPC_PICK_FOLDER_CHANNEL) as Promise<string | null>,
  };
  return { studio, studioShell };
}
