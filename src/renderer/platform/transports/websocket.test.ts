import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../../shared/contract/client';
import { ApiError } from '../../../shared/contract/errors';
import { createWebSocketTransport, type SocketLike } from './websocket';

/** A socket the test drives by hand: open it, answer its frames, drop it. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  sent: { id: number; method: string; params: unknown }[] = [];
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({});
  }
  open(): void {
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  answer(index: number, result: unknown): void {
    this.receive({ type: 'response', id: this.sent[index]!.id, ok: true, result });
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const make = () =>
  createWebSocketTransport('ws://studio/rpc', { createSocket: (url) => new FakeSocket(url), retryDelaysMs: [100, 1000] });

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the WebSocket transport', () => {
  it('queues calls until the socket opens and matches answers by id', async () => {
    const client = createClient(make());
    const info = client.call('app.info', {});
    const list = client.call('datasets.list', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent.map((m) => m.method)).toEqual(['app.info', 'datasets.list']);
    latest().answer(1, []);
    latest().answer(0, { shell: 'web' });
    await expect(list).resolves.toEqual([]);
    await expect(info).resolves.toEqual({ shell: 'web' });
  });

  it('turns an error response into an ApiError', async () => {
    const client = createClient(make());
    latest().open();
    const call = client.call('episodes.get', { id: 1 });
    latest().receive({ type: 'response', id: latest().sent[0]!.id, ok: false, error: { code: 'not_found', message: 'no episode 1' } });
    await expect(call).rejects.toMatchObject({ name: 'ApiError', code: 'not_found', message: 'no episode 1' });
  });

  it('rejects calls in flight with a typed disconnected error when the socket drops', async () => {
    const client = createClient(make());
    latest().open();
    const call = client.call('datasets.list', {});
    latest().close();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'disconnected' });
  });

  it('reconnects with backoff and tells project.changed listeners to reload', async () => {
    const transport = make();
    const states: string[] = [];
    transport.onStateChange((s) => states.push(s));
    const reasons: unknown[] = [];
    transport.subscribe('project.changed', (p) => reasons.push(p));
    latest().open();
    latest().close();
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    latest().close();
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().open();
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    expect(reasons).toEqual([{ reason: 'reconnected' }]);
  });

  it('fails a call made while down if the next attempt fails too, instead of hanging', async () => {
    const transport = make();
    latest().close();
    const call = transport.call('app.info', {});
    vi.advanceTimersByTime(100);
    latest().close();
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('delivers events to their subscribers until unsubscribed, ignoring junk frames', () => {
    const transport = make();
    latest().open();
    const seen: unknown[] = [];
    const off = transport.subscribe('job.progress', (p) => seen.push(p));
    latest().receive('not json');
    latest().receive({ type: 'response', id: 999, ok: true, result: 1 });
    latest().receive({ type: 'event', event: 'job.progress', payload: { done: 1 } });
    latest().receive({ type: 'event', event: 'project.changed', payload: { reason: 'x' } });
    off();
    latest().receive({ type: 'event', event: 'job.progress', payload: { done: 2 } });
    expect(seen).toEqual([{ done: 1 }]);
  });

  it('stops for good when disposed', async () => {
    const transport = make();
    latest().open();
    const call = transport.call('app.info', {});
    transport.dispose();
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);
    await expect(transport.call('app.info', {})).resolves.toMatchObject({ ok: false });
    expect(transport.state()).toBe('disposed');
  });
});
