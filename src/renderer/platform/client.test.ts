import { describe, expect, it, vi } from 'vitest';
import { connect, rpcUrl } from './client';
import { mediaUrl } from './media';

describe('connect', () => {
  it('uses window.studio when the preload provided it', async () => {
    const call = vi.fn(async () => ({ ok: true as const, result: { shell: 'electron' } }));
    const studio = { call, subscribe: vi.fn(() => () => {}) };
    const connection = connect({ studio, location: { protocol: 'studio:', host: 'app' } });
    expect(connection.shell).toBe('electron');
    await expect(connection.client.call('app.info', {})).resolves.toEqual({ shell: 'electron' });
    expect(call).toHaveBeenCalledWith('app.info', {});
  });

  it('finds the web shell RPC on the page origin', () => {
    expect(rpcUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe('ws://127.0.0.1:5173/rpc');
    expect(rpcUrl({ protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/rpc');
  });
});

describe('mediaUrl', () => {
  it('keeps the path shape and escapes each segment', () => {
    expect(mediaUrl('episode/12/observation.images.top')).toBe('/media/episode/12/observation.images.top');
    expect(mediaUrl('thumb/a b#c')).toBe('/media/thumb/a%20b%23c');
  });
});
