/**
 * Test videos made with ffmpeg, and ffmpeg's own decode of them as the reference the player's
 * frames are compared with. The pattern rotates its hue every frame, so neighbouring frames differ
 * clearly and a frame shown one off cannot pass for the right one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { CameraInfo, EpisodeDetail } from '../../../src/shared/contract/domain';

export type TestCodec = 'h264' | 'av1';

export interface TestVideo {
  codec: TestCodec;
  frames: number;
  fps: number;
  width: number;
  height: number;
  /** Frames from one keyframe to the next. */
  gop: number;
  /** H.264 B-frames, to exercise decode order ≠ presentation order. */
  bframes?: number;
  /** Shifts the pattern's hue so that several cameras of one episode differ, in degrees. */
  hue?: number;
}

let av1: string | null | undefined;

/** The AV1 encoder this ffmpeg has: SVT-AV1 (what LeRobot uses) or libaom. */
export function av1Encoder(): string | null {
  if (av1 !== undefined) return av1;
  const encoders = execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  av1 = ['libsvtav1', 'libaom-av1'].find((name) => encoders.includes(` ${name} `)) ?? null;
  return av1;
}

function codecArgs(video: TestVideo): string[] {
  if (video.codec === 'h264') {
    const bframes = String(video.bframes ?? 0);
    return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', String(video.gop), '-keyint_min', String(video.gop), '-sc_threshold', '0', '-bf', bframes];
  }
  const encoder = av1Encoder();
  if (!encoder) throw new Error('this ffmpeg has no AV1 encoder (libsvtav1 or libaom-av1)');
  if (encoder === 'libsvtav1') return ['-c:v', 'libsvtav1', '-crf', '30', '-g', String(video.gop)];
  return ['-c:v', 'libaom-av1', '-cpu-used', '8', '-row-mt', '1', '-crf', '30', '-b:v', '0', '-g', String(video.gop)];
}

export function encodeTestVideo(path: string, video: TestVideo): void {
  const source = `testsrc2=size=${video.width}x${video.height}:rate=${video.fps},hue=h=n*15+${video.hue ?? 0}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', String(video.frames), ...codecArgs(video), '-pix_fmt', 'yuv420p', path];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg failed to encode ${path}: ${result.stderr}`);
}

/** Every frame ffmpeg decodes from the file, in presentation order, as RGBA. */
export function decodeRgbaFrames(path: string, width: number, height: number): Buffer[] {
  const raw = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', path, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 2 ** 31,
  });
  const size = width * height * 4;
  const frames: Buffer[] = [];
  for (let at = 0; at + size <= raw.length; at += size) frames.push(raw.subarray(at, at + size));
  return frames;
}

/** One frame as ffmpeg's select filter picks it: the check the issue names, for a few indices. */
export function decodeRgbaFrame(path: string, index: number): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', path, '-vf', `select=eq(n\\,${index})`, '-vframes', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 2 ** 28,
  });
}

/** Mean absolute difference per colour channel (alpha ignored). */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`frame sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
  return sum / ((a.length / 4) * 3);
}

export function cameraOf(name: string, file: string, video: Pick<TestVideo, 'codec' | 'width' | 'height' | 'fps'>, frameCount: number, fromTimestamp = 0): CameraInfo {
  return {
    name,
    width: video.width,
    height: video.height,
    codec: video.codec,
    frameCount,
    fps: video.fps,
    fromTimestamp,
    mediaPath: file,
    playable: true,
  };
}

export function episodeOf(id: number, cameras: CameraInfo[], length: number, fps: number): EpisodeDetail {
  return {
    id,
    datasetId: 1,
    index: id,
    instruction: 'probe',
    length,
    fps,
    reviewStatus: 'todo',
    annotationCount: 0,
    datasetName: 'probe',
    cameras,
    signals: [],
  };
}
