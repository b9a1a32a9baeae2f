/**
 * Frame-exactness of the episode player in Chromium: the frame drawn for index i is the i-th frame
 * of the camera's stream, pixel for pixel up to colour-conversion rounding, compared with ffmpeg's
 * decode of the same file. Each check also compares against the neighbouring frames, which must
 * differ clearly, so that an off-by-one cannot pass.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraInfo } from '../../src/shared/contract/domain';
import { buildProbePage } from './playback/bundle';
import { callProbe, openProbePage, type ProbeBrowser } from './playback/chromium';
import type { ProbeApi } from './playback/probeApi';
import { startProbeServer, type ProbeServer } from './playback/server';
import { cameraOf, decodeRgbaFrame, decodeRgbaFrames, encodeTestVideo, episodeOf, meanAbsDiff, type TestVideo } from './playback/videos';

/** Rounding of YUV→RGB conversion differs between Chromium and ffmpeg by a few levels at most. */
const SAME_FRAME = 3;
/** The hue turns 15° a frame, so a neighbouring frame is far beyond rounding. */
const OTHER_FRAME = 8;
/** In a real recording, neighbours this different are told apart; stiller moments are not. */
const MOVING = 1.5;

const FIXTURE = resolve(import.meta.dirname, '../../../shared/fixtures/lerobot-v2.0-gr1-picknplace/videos/chunk-000/observation.images.ego_view/episode_000000.mp4');

const VGA = { width: 640, height: 480, fps: 30 };
const VIDEOS: Record<string, TestVideo> = {
  'h264-bf.mp4': { codec: 'h264', frames: 90, gop: 30, bframes: 2, ...VGA },
  'av1.mp4': { codec: 'av1', frames: 90, gop: 30, ...VGA, hue: 60 },
  'long.mp4': { codec: 'h264', frames: 150, gop: 30, bframes: 2, ...VGA, hue: 120 },
};

let media: string;
let server: ProbeServer;
let browser: ProbeBrowser;
const references = new Map<string, Buffer[]>();

const probe = <A, T>(run: (api: ProbeApi, arg: A) => T, arg?: A) => callProbe(browser.page, run, arg);

async function shownPixels(camera: string): Promise<Buffer> {
  const { rgba } = await probe((api, name: string) => api.pixels(name), camera);
  return Buffer.from(rgba, 'base64');
}

/**
 * Asserts the camera's canvas shows reference frame `expected` and not its neighbours. A real
 * recording changes little between frames, so there the neighbours need only be clearly farther.
 */
async function expectShows(camera: string, file: string, expected: number, real = false): Promise<void> {
  const frames = references.get(file)!;
  const shown = await shownPixels(camera);
  const diff = meanAbsDiff(shown, frames[expected]!);
  expect(diff, `${camera} frame ${expected}: mean abs diff to ffmpeg`).toBeLessThan(SAME_FRAME);
  for (const neighbour of [expected - 1, expected + 1]) {
    if (!frames[neighbour]) continue;
    const other = meanAbsDiff(shown, frames[neighbour]!);
    if (!real) expect(other, `${camera} frame ${expected} vs neighbour ${neighbour}`).toBeGreaterThan(OTHER_FRAME);
    else if (meanAbsDiff(frames[expected]!, frames[neighbour]!) >= MOVING) {
      expect(other, `${camera} frame ${expected} vs neighbour ${neighbour} (match ${diff.toFixed(2)})`).toBeGreaterThan(Math.max(1, diff * 1.5));
    }
  }
}

async function load(cameras: CameraInfo[], length: number, fps = 30) {
  return probe((api, episode: Parameters<ProbeApi['load']>[0]) => api.load(episode), episodeOf(1, cameras, length, fps));
}

const show = (frame: number) => probe((api, f: number) => api.show(f), frame);
const step = (delta: number) => probe((api, d: number) => api.step(d), delta);

beforeAll(async () => {
  media = mkdtempSync(join(tmpdir(), 'st4vla-playback-'));
  for (const [file, video] of Object.entries(VIDEOS)) {
    encodeTestVideo(join(media, file), video);
    references.set(file, decodeRgbaFrames(join(media, file), video.width, video.height));
  }
  for (const [file, codec] of [['hevc.mp4', 'libx265'], ['mpeg4.mp4', 'mpeg4']] as const) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-frames:v', '10', '-c:v', codec, '-pix_fmt', 'yuv420p', join(media, file)]);
  }
  if (existsSync(FIXTURE)) {
    symlinkSync(FIXTURE, join(media, 'gr1.mp4'));
    references.set('gr1.mp4', decodeRgbaFrames(FIXTURE, 256, 256));
  }
  server = await startProbeServer(await buildProbePage(join(media, 'page')), media);
  browser = await openProbePage(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (media) rmSync(media, { recursive: true, force: true });
});

const RANDOM = [5, 29, 30, 31, 58, 62, 77, 88];

describe('frame-exact playback in Chromium', () => {
  it('uses the same reference as ffmpeg select=eq(n,i)', () => {
    for (const i of [17, 45]) expect(decodeRgbaFrame(join(media, 'h264-bf.mp4'), i).equals(references.get('h264-bf.mp4')![i]!)).toBe(true);
  });

  it('shows frame i of an H.264 stream with B-frames', async () => {
    const loaded = await load([cameraOf('front', 'h264-bf.mp4', VIDEOS['h264-bf.mp4']!, 90)], 90);
    expect(loaded.state).toBe('paused');
    await expectShows('front', 'h264-bf.mp4', 0);
    for (const i of [1, 17, 45, 89, ...RANDOM, 3]) {
      expect((await show(i)).frame).toBe(i);
      await expectShows('front', 'h264-bf.mp4', i);
    }
  });

  it('shows frame i of an AV1 stream', async () => {
    await load([cameraOf('front', 'av1.mp4', VIDEOS['av1.mp4']!, 90)], 90);
    for (const i of [0, 1, 17, 45, 89, ...RANDOM]) {
      await show(i);
      await expectShows('front', 'av1.mp4', i);
    }
  });

  it('steps forward and back one frame, across keyframes, to the exact frame', async () => {
    await load([cameraOf('front', 'h264-bf.mp4', VIDEOS['h264-bf.mp4']!, 90)], 90);
    await show(28);
    for (const [delta, expected] of [[1, 29], [1, 30], [1, 31], [-1, 30], [-1, 29], [-1, 28], [10, 38], [-10, 28]] as const) {
      expect((await step(delta)).frame).toBe(expected);
      await expectShows('front', 'h264-bf.mp4', expected);
    }
  });

  it('starts an episode of a concatenated (v3.0) file at fromTimestamp', async () => {
    await load([cameraOf('front', 'long.mp4', VIDEOS['long.mp4']!, 40, 2.0)], 40);
    await expectShows('front', 'long.mp4', 60);
    for (const i of [1, 17, 39]) {
      await show(i);
      await expectShows('front', 'long.mp4', 60 + i);
    }
    expect((await show(1000)).frame).toBe(39);
  });

  it('keeps three cameras of different codecs on the same frame index', async () => {
    await load(
      [
        cameraOf('h264', 'h264-bf.mp4', VIDEOS['h264-bf.mp4']!, 90),
        cameraOf('av1', 'av1.mp4', VIDEOS['av1.mp4']!, 90),
        cameraOf('v3', 'long.mp4', VIDEOS['long.mp4']!, 90, 1.0),
      ],
      90,
    );
    for (const i of [0, 44, 45, 71]) {
      await show(i);
      await expectShows('h264', 'h264-bf.mp4', i);
      await expectShows('av1', 'av1.mp4', i);
      await expectShows('v3', 'long.mp4', 30 + i);
    }
    const played = await probe((api) => api.play(1500, 1));
    expect(played.presented).toBeGreaterThan(10);
    expect(played.inStep).toBe(true);
  });

  it.skipIf(!existsSync(FIXTURE))('shows frame i of a real LeRobot episode (GR1, H.264 with B-frames, 20 fps)', async () => {
    const frames = references.get('gr1.mp4')!;
    const count = frames.length;
    // Frames in motion (both neighbours clearly different), spread over the episode, plus both ends.
    const moving = frames
      .map((frame, i) => ({ i, change: i > 0 && i < count - 1 ? Math.min(meanAbsDiff(frame, frames[i - 1]!), meanAbsDiff(frame, frames[i + 1]!)) : 0 }))
      .filter((f) => f.change >= MOVING)
      .map((f) => f.i);
    expect(moving.length).toBeGreaterThan(4);
    const picks = [0, moving[0]!, moving[Math.floor(moving.length / 3)]!, moving[Math.floor((2 * moving.length) / 3)]!, moving.at(-1)!, count - 1, 133];
    await load([cameraOf('ego_view', 'gr1.mp4', { codec: 'h264', width: 256, height: 256, fps: 20 }, count)], count, 20);
    for (const i of picks) {
      await show(i);
      await expectShows('ego_view', 'gr1.mp4', i, true);
    }
  });

  it('marks cameras the browser cannot decode and keeps playing the others', async () => {
    const small = { codec: 'h264' as const, width: 320, height: 240, fps: 30 };
    const loaded = await load(
      [
        cameraOf('front', 'h264-bf.mp4', VIDEOS['h264-bf.mp4']!, 90),
        { ...cameraOf('hevc', 'hevc.mp4', small, 10), codec: 'hevc' },
        { ...cameraOf('mpeg4', 'mpeg4.mp4', small, 10), codec: 'mpeg4' },
        { ...cameraOf('flagged', 'mpeg4.mp4', small, 10), codec: 'mpeg4', playable: false },
      ],
      90,
    );
    expect(loaded.state).toBe('paused');
    expect(loaded.cameras.map((c) => c.status)).toEqual(['ready', 'unsupported', 'unsupported', 'unsupported']);
    expect(loaded.cameras[1]!.error).toContain('cannot decode HEVC (H.265)');
    expect(loaded.cameras[2]!.error).toContain('cannot decode MPEG-4 Part 2');
    await show(45);
    await expectShows('front', 'h264-bf.mp4', 45);
  });

  it('has no errors in the page', () => {
    expect(browser.errors).toEqual([]);
  });
});
