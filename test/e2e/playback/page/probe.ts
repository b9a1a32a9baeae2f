/**
 * The playback probe page: the player's engine, frame sources and canvases exactly as the episode
 * view uses them, minus React, driven by the e2e test and the seek bench through `playbackProbe`.
 */
import type { CameraInfo, EpisodeDetail } from '../../../../src/shared/contract/domain';
import type { CameraFrames } from '../../../../src/renderer/playback/decode/cameraFrames';
import { openCamera } from '../../../../src/renderer/playback/decode/openCamera';
import { PlaybackEngine } from '../../../../src/renderer/playback/engine';
import { createPlayerStore, type PlayerStore } from '../../../../src/renderer/playback/store';
import { PROBE_GLOBAL, type ProbeApi, type ProbePlayback } from '../probeApi';

const store = createPlayerStore();
/** What each camera last drew, and whether it had that frame: to check the cameras never drift. */
const drawn = new Map<string, { frame: number; ok: boolean }>();
const opened = new Map<string, CameraFrames>();

async function openRecorded(camera: CameraInfo, url: string): Promise<CameraFrames> {
  const frames = await openCamera({ camera, url });
  opened.set(camera.name, frames);
  return {
    name: frames.name,
    length: frames.length,
    get error() {
      return frames.error;
    },
    has: (frame) => frames.has(frame),
    request: (frame, signal) => frames.request(frame, signal),
    setPlayhead: (frame, direction) => frames.setPlayhead(frame, direction),
    draw(frame, canvas) {
      const ok = frames.draw(frame, canvas);
      drawn.set(camera.name, { frame, ok });
      return ok;
    },
    close: () => frames.close(),
  };
}

const engine = new PlaybackEngine(store, { openCamera: openRecorded });
const canvases = new Map<string, HTMLCanvasElement>();
const detachers: Array<() => void> = [];

/** Resolves at the first store change (or now) where `done` holds, with the time it happened. */
function until(done: (s: PlayerStore) => boolean, timeoutMs = 20_000): Promise<number> {
  if (done(store.getState())) return Promise.resolve(performance.now());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const s = store.getState();
      reject(new Error(`timed out in state ${s.state} at frame ${s.currentFrame} (target ${s.targetFrame})`));
    }, timeoutMs);
    const unsubscribe = store.subscribe((s) => {
      if (!done(s)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(performance.now());
    });
  });
}

function toBase64(bytes: Uint8ClampedArray): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const probe: ProbeApi = {
  async load(episode: EpisodeDetail) {
    probe.unload();
    for (const camera of episode.cameras) {
      const canvas = document.createElement('canvas');
      canvas.width = camera.width;
      canvas.height = camera.height;
      canvas.dataset.camera = camera.name;
      document.body.append(canvas);
      canvases.set(camera.name, canvas);
      detachers.push(engine.attachCanvas(camera.name, canvas));
    }
    await engine.load(episode, (path) => `/media/${path}`);
    const s = store.getState();
    return { state: s.state, cameras: s.cameras.map((c) => ({ name: c.name, status: c.status, error: c.error?.message ?? null })) };
  },

  async show(frame) {
    const target = Math.min(store.getState().length - 1, Math.max(0, frame));
    const start = performance.now();
    store.getState().seek(frame);
    const at = await until((s) => s.state === 'paused' && s.currentFrame === target);
    return { ms: at - start, frame: target };
  },

  async step(delta) {
    const s = store.getState();
    const target = Math.min(s.length - 1, Math.max(0, (s.state === 'seeking' ? s.targetFrame : s.currentFrame) + delta));
    const start = performance.now();
    s.step(delta);
    const at = await until((n) => n.state === 'paused' && n.currentFrame === target);
    return { ms: at - start, frame: target };
  },

  cached(frame) {
    return [...opened.values()].every((frames) => frames.has(frame));
  },

  pixels(camera) {
    const canvas = canvases.get(camera);
    if (!canvas) throw new Error(`no canvas for camera ${camera}`);
    const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: image.width, height: image.height, rgba: toBase64(image.data) };
  },

  async play(ms, speed) {
    store.getState().setSpeed(speed);
    const before = store.getState().stats;
    let inStep = true;
    let last = Number.NaN;
    let worstGapMs = 0;
    let worstGapFrame = -1;
    const stop = engine.onPresent((frame, at) => {
      if (at - last > worstGapMs) {
        worstGapMs = at - last;
        worstGapFrame = frame;
      }
      last = at;
      for (const name of canvases.keys()) {
        const last = drawn.get(name);
        if (!last || last.frame !== frame || !last.ok) inStep = false;
      }
    });
    store.getState().play();
    await new Promise((resolve) => setTimeout(resolve, ms));
    store.getState().pause();
    stop();
    const after = store.getState().stats;
    return {
      presented: after.presented - before.presented,
      dropped: after.dropped - before.dropped,
      late: after.late - before.late,
      frame: store.getState().currentFrame,
      inStep,
      worstGapMs,
      worstGapFrame,
    } satisfies ProbePlayback;
  },

  unload() {
    for (const detach of detachers.splice(0)) detach();
    for (const canvas of canvases.values()) canvas.remove();
    canvases.clear();
    opened.clear();
    engine.unload();
  },
};

(globalThis as Record<string, unknown>)[PROBE_GLOBAL] = probe;
