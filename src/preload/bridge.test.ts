import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PICK_FOLDER_CHANNEL } from '../shared/contract/channels';
import { createBridges } from './bridge';

function fakeIpcRenderer() {
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args })),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
    emit: (payload: unknown) => listeners.get(IPC_EVENT_CHANNEL)?.({}, payload),
  };
}

describe('the preload bridges', () => {
  it('forward every call on the one call channel', async () => {
    const ipc = fakeIpcRenderer();
    const { studio } = createBridges(ipc);
    await studio.call('episodes.list', { limit: 5 });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, { method: 'episodes.list', params: { limit: 5 } });
  });

  it('fan the one event channel out by event name until unsubscribed', () => {
    const ipc = fakeIpcRenderer();
    const { studio } = createBridges(ipc);
    const seen: unknown[] = [];
    const off = studio.subscribe('job.progress', (p) => seen.push(p));
    ipc.emit({ event: 'job.progress', payload: 1 });
    ipc.emit({ event: 'project.changed', payload: 2 });
    ipc.emit('junk');
    off();
    ipc.emit({ event: 'job.progress', payload: 3 });
    expect(seen).toEqual([1]);
  });

  it('reach the folder dialog on its own allowlisted channel', async () => {
    const ipc = fakeIpcRenderer();
    const { studioShell } = createBridges(ipc);
    await studioShell.pickFolder();
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_PICK_FOLDER_CHANNEL);
  });
});
