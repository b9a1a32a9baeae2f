import { describe, expect, it } from 'vitest';
import type { CameraInfo, EpisodeDetail } from '../../shared/contract/domain';
import type { CameraFrames } from './decode/cameraFrames';
import type { Drawable } from './decode/painter';
import { PlaybackEngine } from './engine';
import { abortError, PlaybackError } from './errors';
import { createPlayerStore } from './store';

class FakeCamera implements CameraFrames {
  readonly ready = new Set<number>();
  readonly waiting = new Map<number, Array<() => void>>();
  error = null;
  closed = false;
  constructor(readonly name: string, readonly length: number, private readonly auto: boolean) {}
  has(frame: number) {
    return frame >= this.length || this.ready.has(frame);
  }
  request(frame: number, signal?: AbortSignal) {
    if (this.has(frame)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(abortError()));
      if (this.auto) queueMicrotask(() => this.decode(frame));
      this.waiting.set(frame, [...(this.waiting.get(frame) ?? []), resolve]);
    });
  }
  decode(frame: number) {
    this.ready.add(frame);
    for (const resolve of this.waiting.get(frame) ?? []) resolve();
    this.waiting.delete(frame);
  }
  setPlayhead() {}
  draw(frame: number, canvas: Drawable) {
    (canvas as unknown as { drawn: string[] }).drawn.push(`${this.name}:${frame}`);
    return true;
  }
  close() {
    this.closed = true;
  }
}

function camera(name: string, extra: Partial<CameraInfo> = {}): CameraInfo {
  return { name, width: 64, height: 48, codec: 'avc1', frameCount: 100, fps: 30, fromTimestamp: 0, mediaPath: name, playable: true, ...extra };
}

function episode(cameras: CameraInfo[]): EpisodeDetail {
  return { id: 1, datasetId: 1, index: 0, instruction: '', length: 100, fps: 30, reviewStatus: 'todo', annotationCount: 0, datasetName: 'd', cameras, signals: [] };
}

function setup(options: { auto?: boolean; fail?: Record<string, Error> } = {}) {
  const store = createPlayerStore();
  const fakes = new Map<string, FakeCamera>();
  let now = 0;
  let queued: Array<(t: number) => void> = [];
  const engine = new PlaybackEngine(store, {
    openCamera: async (info) => {
      const failure = options.fail?.[info.name];
      if (failure) throw failure;
      const fake = new FakeCamera(info.name, info.frameCount, options.auto ?? true);
      fakes.set(info.name, fake);
      return fake;
    },
    now: () => now,
    scheduler: { request: (cb) => queued.push(cb), cancel: () => (queued = []) },
  });
  const canvas = (name: string) => {
    const c = { drawn: [] as string[] };
    engine.attachCanvas(name, c as unknown as Drawable);
    return c;
  };
  const runFrames = (count: number, period = 1000 / 60) => {
    for (let i = 0; i < count; i++) {
      now += period;
      const callbacks = queued;
      queued = [];
      for (const cb of callbacks) cb(now);
    }
  };
  return { store, engine, fakes, canvas, runFrames };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PlaybackEngine', () => {
  it('loads an episode and shows frame 0 on every camera', async () => {
    const { store, engine, canvas } = setup();
    const [a, b] = [canvas('a'), canvas('b')];
    await engine.load(episode([camera('a'), camera('b')]), (p) => p);
    expect(store.getState().state).toBe('paused');
    expect(a.drawn.at(-1)).toBe('a:0');
    expect(b.drawn.at(-1)).toBe('b:0');
    expect(store.getState().cameras.map((c) => c.status)).toEqual(['ready', 'ready']);
  });

  it('keeps playing the cameras it can decode and marks the one it cannot', async () => {
    const unsupported = new PlaybackError({ kind: 'unsupported-codec', codec: 'hvc1', message: 'no HEVC' });
    const { store, engine } = setup({ fail: { b: unsupported } });
    await engine.load(episode([camera('a'), camera('b')]), (p) => p);
    expect(store.getState().state).toBe('paused');
    expect(store.getState().cameras[1]).toMatchObject({ status: 'unsupported', error: { kind: 'unsupported-codec', camera: 'b' } });
  });

  it('fails the episode when no camera can be opened at all', async () => {
    const { store, engine } = setup({ fail: { a: new Error('404') } });
    await engine.load(episode([camera('a')]), (p) => p);
    expect(store.getState().state).toBe('error');
    expect(store.getState().error?.message).toBe('404');
  });

  it('plays at the dataset fps with every camera on the same frame', async () => {
    const { store, engine, canvas, fakes, runFrames } = setup();
    const [a, b] = [canvas('a'), canvas('b')];
    await engine.load(episode([camera('a'), camera('b')]), (p) => p);
    for (const fake of fakes.values()) for (let f = 0; f < 100; f++) fake.decode(f);
    store.getState().play();
    runFrames(60);
    expect(store.getState().currentFrame).toBe(30);
    expect(a.drawn.map((d) => d.slice(2))).toEqual(b.drawn.map((d) => d.slice(2)));
    expect(store.getState().stats).toMatchObject({ presented: 30, dropped: 0, late: 0 });
  });

  it('waits for a camera that is behind instead of letting the cameras drift', async () => {
    const { store, engine, fakes, runFrames } = setup({ auto: false });
    const loading = engine.load(episode([camera('a'), camera('b')]), (p) => p);
    await flush();
    for (const fake of fakes.values()) fake.decode(0);
    await loading;
    for (let f = 1; f < 10; f++) fakes.get('a')!.decode(f);
    for (let f = 1; f < 5; f++) fakes.get('b')!.decode(f);
    store.getState().play();
    runFrames(30);
    expect(store.getState().currentFrame).toBe(4);
    expect(store.getState().stats.late).toBe(1);
    fakes.get('b')!.decode(5);
    fakes.get('b')!.decode(6);
    runFrames(1);
    expect(store.getState().currentFrame).toBe(5);
    runFrames(2);
    expect(store.getState().currentFrame).toBe(6);
    expect(store.getState().stats.dropped).toBe(0);
  });

  it('seeks through the seeking state and never shows a superseded target', async () => {
    const { store, engine, fakes, canvas } = setup({ auto: false });
    const a = canvas('a');
    const loading = engine.load(episode([camera('a')]), (p) => p);
    await flush();
    fakes.get('a')!.decode(0);
    await loading;
    store.getState().seek(40);
    expect(store.getState()).toMatchObject({ state: 'seeking', targetFrame: 40, currentFrame: 0 });
    store.getState().seek(60);
    fakes.get('a')!.decode(40);
    fakes.get('a')!.decode(60);
    await flush();
    expect(store.getState()).toMatchObject({ state: 'paused', currentFrame: 60 });
    expect(a.drawn).not.toContain('a:40');
  });

  it('steps from the playing state by pausing first, and clamps to the episode', async () => {
    const { store, engine, fakes } = setup();
    await engine.load(episode([camera('a')]), (p) => p);
    for (let f = 0; f < 100; f++) fakes.get('a')!.decode(f);
    store.getState().play();
    store.getState().step(1);
    expect(store.getState()).toMatchObject({ state: 'paused', currentFrame: 1 });
    store.getState().step(-10);
    expect(store.getState().currentFrame).toBe(0);
    store.getState().seek(1e9);
    expect(store.getState().currentFrame).toBe(99);
  });

  it('closes every camera on unload and ignores commands afterwards', async () => {
    const { store, engine, fakes } = setup();
    await engine.load(episode([camera('a')]), (p) => p);
    engine.dispose();
    expect(fakes.get('a')!.closed).toBe(true);
    expect(store.getState().state).toBe('idle');
    store.getState().play();
    expect(store.getState().state).toBe('idle');
  });
});
