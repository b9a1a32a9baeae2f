import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness?.close());

describe('the web shell in Chromium', () => {
  it('is cross-origin isolated, so threaded WebAssembly can run', async () => {
    expect(await harness.page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await harness.page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  });

  it('moved the token into a cookie the page cannot read', async () => {
    expect(new URL(harness.page.url()).search).toBe('');
    expect(await harness.page.evaluate(() => document.cookie)).toBe('');
  });

  it('carries a contract call over the WebSocket, authorised by the cookie', async () => {
    const response = await harness.page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/rpc`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app.info', params: {} }));
          ws.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { type: string };
            if (message.type !== 'response') return;
            ws.close();
            resolve(message);
          };
          ws.onerror = () => reject(new Error('WebSocket failed'));
        }),
    );
    expect(response).toMatchObject({ type: 'response', id: 1, ok: true, result: { shell: 'web' } });
  });
});
