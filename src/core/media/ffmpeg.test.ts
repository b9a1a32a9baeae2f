import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegError, Mp4Encoder, findOnPath, locateMediaTools, probeFrameCount, probeVideo, runTool } from './ffmpeg';

const dir = mkdtempSync(join(tmpdir(), 'st4vla-ffmpeg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gradient(width: number, height: number, t: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = (x * 4 + t * 8) & 255;
      rgb[i + 1] = (y * 4) & 255;
      rgb[i + 2] = (t * 20) & 255;
    }
  }
  return rgb;
}

async function encode(output: string, width: number, height: number, frames: number, tools = locateMediaTools()) {
  const encoder = new Mp4Encoder({ outputs: [output], width, height, fps: 10, tools });
  for (let t = 0; t < frames; t++) await encoder.writeFrame(gradient(width, height, t));
  await encoder.finish();
}

describe('locateMediaTools', () => {
  it('prefers the system ffmpeg and finds its ffprobe', () => {
    const tools = locateMediaTools();
    expect(tools.source).toBe('system');
    expect(tools.ffmpeg).toBe(findOnPath('ffmpeg'));
    expect(tools.ffprobe).not.toBeNull();
  });

  it('falls back to the npm build when nothing is on PATH', () => {
    const tools = locateMediaTools('');
    expect(tools.source).toBe('bundled');
    expect(tools.ffmpeg).toContain('@ffmpeg-installer');
    expect(tools.ffprobe).toBeNull();
  });
});

describe('Mp4Encoder', () => {
  it('writes H.264 yuv420p with every frame written', async () => {
    const path = join(dir, 'gradient.mp4');
    await encode(path, 64, 48, 23);
    expect(await probeVideo(path)).toEqual({ codec: 'h264', pixFmt: 'yuv420p', width: 64, height: 48, frames: 23 });
    expect(await probeFrameCount(path)).toBe(23);
  });

  it('works with the bundled ffmpeg and probes without ffprobe', async () => {
    const bundled = locateMediaTools('');
    const path = join(dir, 'bundled.mp4');
    await encode(path, 32, 32, 7, bundled);
    expect(await probeVideo(path, bundled)).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', frames: 7 });
  });

  it('waits on a full pipe instead of buffering everything', async () => {
    const path = join(dir, 'large.mp4');
    const encoder = new Mp4Encoder({ outputs: [path], width: 640, height: 480, fps: 10 });
    const frame = gradient(640, 480, 3);
    for (let t = 0; t < 60; t++) {
      frame[t] = t;
      await encoder.writeFrame(frame);
    }
    await encoder.finish();
    expect(await probeFrameCount(path)).toBe(60);
  });

  it('encodes stacked tiles into one file per tile from one process', async () => {
    const paths = [join(dir, 'red.mp4'), join(dir, 'blue.mp4')];
    const encoder = new Mp4Encoder({ outputs: paths, width: 48, height: 32, fps: 10 });
    const solid = (rgb: number[]) => {
      const tile = new Uint8Array(48 * 32 * 3);
      for (let i = 0; i < tile.length; i += 3) tile.set(rgb, i);
      return tile;
    };
    for (let t = 0; t < 12; t++) await encoder.writeTiles([solid([220, 20, 20]), solid([20, 20, 220])]);
    await encoder.finish();
    for (const path of paths) expect(await probeVideo(path)).toEqual({ codec: 'h264', pixFmt: 'yuv420p', width: 48, height: 32, frames: 12 });
    const first = async (path: string) => {
      const raw = `${path}.rgb`;
      await runTool(locateMediaTools().ffmpeg, ['-v', 'error', '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', raw]);
      return [...readFileSync(raw).subarray(0, 3)];
    };
    const [red, blue] = [await first(paths[0]!), await first(paths[1]!)];
    expect(red[0]).toBeGreaterThan(200);
    expect(red[2]).toBeLessThan(40);
    expect(blue[2]).toBeGreaterThan(200);
    expect(blue[0]).toBeLessThan(40);
    const wrong = new Mp4Encoder({ outputs: paths, width: 48, height: 32, fps: 10 });
    await expect(wrong.writeTiles([solid([0, 0, 0])])).rejects.toThrow(/4608 bytes, expected 2 x 4608/);
    wrong.abort();
  });

  it('rejects odd sizes and wrong frame lengths with the numbers in the message', async () => {
    expect(() => new Mp4Encoder({ outputs: [join(dir, 'odd.mp4')], width: 33, height: 32, fps: 10 })).toThrow(/even.*33x32/);
    const encoder = new Mp4Encoder({ outputs: [join(dir, 'short.mp4')], width: 32, height: 32, fps: 10 });
    await expect(encoder.writeFrame(new Uint8Array(10))).rejects.toThrow(/10 bytes, expected 3072/);
    encoder.abort();
  });

  it("surfaces ffmpeg's own explanation when it fails", async () => {
    const output = join(dir, 'missing-folder', 'x.mp4');
    const error = await encode(output, 32, 32, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).message).toContain(output);
    expect((error as FfmpegError).stderr).toMatch(/No such file or directory/);
  });

  it('refuses to finish a video with no frames', async () => {
    const encoder = new Mp4Encoder({ outputs: [join(dir, 'empty.mp4')], width: 32, height: 32, fps: 10 });
    await expect(encoder.finish()).rejects.toThrow(/no frames/);
  });
});
