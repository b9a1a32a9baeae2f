import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from './appProtocol';

const dir = mkdtempSync(join(tmpdir(), 'st4vla-app-protocol-'));
mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>studio</title>');
writeFileSync(join(dir, 'renderer', 'assets', 'index-abc.js'), 'export {}');
writeFileSync(join(dir, 'secret.txt'), 'outside');
writeFileSync(join(dir, 'clip.mp4'), '0123456789');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handle = createAppProtocolHandler({
  rendererDir: join(dir, 'renderer'),
  resolveMedia: async (path) => (path === 'episode/1/top' ? join(dir, 'clip.mp4') : null),
});
const get = (url: string, headers: Record<string, string> = {}) => handle(new Request(url, { headers }));

describe('the studio:// app protocol', () => {
  it('serves the page cross-origin isolated with the desktop CSP', async () => {
    const res = await get('studio://app/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(await res.text()).toContain('<title>studio</title>');
  });

  it('serves assets, falls back to index.html for routes, and stays inside the renderer folder', async () => {
    expect((await get('studio://app/assets/index-abc.js')).headers.get('cache-control')).toContain('immutable');
    expect(await (await get('studio://app/episodes/4')).text()).toContain('studio');
    expect((await get('studio://app/..%2fsecret.txt')).status).toBe(404);
    expect((await get('studio://other/index.html')).status).toBe(404);
  });

  it('streams media with byte ranges like the web shell', async () => {
    const whole = await get('studio://app/media/episode/1/top');
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(await whole.text()).toBe('0123456789');
    const part = await get('studio://app/media/episode/1/top', { range: 'bytes=3-4' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 3-4/10');
    expect(await part.text()).toBe('34');
    expect((await get('studio://app/media/episode/1/top', { range: 'bytes=20-' })).status).toBe(416);
    expect((await get('studio://app/media/episode/2/top')).status).toBe(404);
  });
});
