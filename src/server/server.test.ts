import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeStudio, type FakeStudio } from '../../test/fakes/fakeStudio';
import { startServer, type RunningServer } from './server';
import { connect, type TestSocket } from '../../test/fakes/testSocket';

const TOKEN = 'test-token-0123456789';
let dir: string;
let studio: FakeStudio;
let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'st4vla-server-'));
  const web = join(dir, 'renderer');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(dir, 'clip.mp4'), Buffer.from('0123456789'));
  writeFileSync(join(dir, 'thumb.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
  studio = createFakeStudio();
  studio.media.set('episode/1/top', join(dir, 'clip.mp4'));
  studio.media.set('thumb/1', join(dir, 'thumb.jpg'));
  server = await startServer({ studio, staticDir: web, token: TOKEN });
  cookie = `st4vla_token_${server.port}=${TOKEN}`;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function rawStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.origin + path, { headers: { cookie, ...headers }, redirect: 'manual' });

describe('the token', () => {
  it('binds to loopback on a free port and prints the URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('refuses every request without it, with the isolation headers still set', async () => {
    for (const path of ['/', '/assets/app-abc123.js', '/media/episode/1/top']) {
      const res = await fetch(server.origin + path);
      expect(res.status).toBe(403);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
    expect((await fetch(`${server.origin}/?token=wrong`)).status).toBe(403);
  });

  it('moves a right query token into an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const res = await fetch(`${server.origin}/episodes?token=${TOKEN}&tab=2`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/episodes?tab=2');
    expect(res.headers.get('set-cookie')).toBe(`st4vla_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('accepts a bearer token from scripts', async () => {
    const res = await fetch(server.origin + '/', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the cookie', async () => {
    expect(await rawStatus('/', { host: 'evil.example', cookie })).toBe(403);
    expect(await rawStatus('/', { host: `localhost:${server.port}`, cookie })).toBe(200);
  });
});

describe('static files', () => {
  it('serves the page cross-origin isolated with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>studio</title>');
  });

  it('caches hashed assets forever and falls back to index.html for app routes', async () => {
    const asset = await get('/assets/app-abc123.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await (await get('/episodes/3')).text()).toContain('<title>studio</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    // Raw paths: fetch would normalise the dots away before they reach the server.
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      expect(await rawStatus(path, { cookie })).toBe(404);
    }
  });

  it('says how to build the renderer when it is missing', async () => {
    const bare = await startServer({ studio, staticDir: join(dir, 'nothing'), token: TOKEN });
    try {
      const res = await fetch(bare.origin + '/', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:web');
    } finally {
      await bare.close();
    }
  });

  it('answers only GET and HEAD', async () => {
    const res = await fetch(server.origin + '/', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(405);
  });
});

describe('media', () => {
  it('streams a whole video with its type and range support', async () => {
    const res = await get('/media/episode/1/top');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await res.text()).toBe('0123456789');
  });

  it('answers a byte range with 206 and Content-Range', async () => {
    const res = await get('/media/episode/1/top', { range: 'bytes=2-5' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(res.headers.get('content-length')).toBe('4');
    expect(await res.text()).toBe('2345');
    const tail = await get('/media/episode/1/top', { range: 'bytes=-3' });
    expect(await tail.text()).toBe('789');
  });

  it('answers a range past the end with 416', async () => {
    const res = await get('/media/episode/1/top', { range: 'bytes=10-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */10');
  });

  it('serves thumbnails as JPEG and refuses paths the backend does not resolve', async () => {
    expect((await get('/media/thumb/1')).headers.get('content-type')).toBe('image/jpeg');
    expect((await get('/media/episode/99/top')).status).toBe(404);
    expect((await get('/media/%2e%2e%2fsecret.txt')).status).toBe(404);
  });
});

describe('the WebSocket RPC', () => {
  const open = (headers: Record<string, string> = { cookie }): Promise<TestSocket> => connect(`ws://127.0.0.1:${server.port}/rpc`, headers);

  it('refuses an upgrade without the token or from another origin', async () => {
    await expect(open({})).rejects.toThrow(/403/);
    await expect(open({ cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const withQuery = await connect(`ws://127.0.0.1:${server.port}/rpc?token=${TOKEN}`, {});
    withQuery.close();
  });

  it('carries a call to the dispatcher and its typed errors back', async () => {
    const ws = await open();
    ws.send({ type: 'request', id: 1, method: 'app.info', params: {} });
    expect(await ws.next()).toMatchObject({ type: 'response', id: 1, ok: true, result: { shell: 'web' } });
    ws.send({ type: 'request', id: 2, method: 'drop.tables', params: {} });
    expect(await ws.next()).toMatchObject({ id: 2, ok: false, error: { code: 'bad_request', message: expect.stringContaining('unknown method') } });
    ws.send({ type: 'request', id: 3, method: 'episodes.setReview', params: { id: 'x' } });
    expect(await ws.next()).toMatchObject({ id: 3, ok: false, error: { code: 'bad_request' } });
    ws.close();
  });

  it('answers malformed frames with a bad_request and keeps the connection', async () => {
    const ws = await open();
    ws.sendRaw('{not json');
    expect(await ws.next()).toMatchObject({ id: -1, ok: false, error: { code: 'bad_request', message: 'the frame is not JSON' } });
    ws.send({ type: 'request', id: 7, params: {} });
    expect(await ws.next()).toMatchObject({ id: 7, ok: false, error: { code: 'bad_request' } });
    ws.sendRaw(Buffer.from([1, 2, 3]));
    expect(await ws.next()).toMatchObject({ id: -1, ok: false });
    ws.send({ type: 'request', id: 8, method: 'datasets.list', params: {} });
    expect(await ws.next()).toMatchObject({ id: 8, ok: true, result: [] });
    ws.close();
  });

  it('fans every event out to every client', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    studio.bus.emit('project.changed', { reason: 'import' });
    const expected = { type: 'event', event: 'project.changed', payload: { reason: 'import' } };
    expect(await a.next()).toEqual(expected);
    expect(await b.next()).toEqual(expected);
    a.close();
    b.close();
  });
});
