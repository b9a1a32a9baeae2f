import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mp4Encoder } from '../media/ffmpeg';
import { extractFrames, selectExpression } from './frameExtract';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-frames-'));
const video = join(temp, 'gray.mp4');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Frame i of the test video is flat gray 10 * i, so a PNG's first pixel tells which frame it is. */
beforeAll(async () => {
  const encoder = new Mp4Encoder({ outputs: [video], width: 32, height: 24, fps: 10, gop: 5 });
  for (let i = 0; i < 20; i++) await encoder.writeFrame(new Uint8Array(32 * 24 * 3).fill(10 * i));
  await encoder.finish();
});

/** Size and the first pixel's red value. The first pixel of a PNG is stored unfiltered whatever the filter. */
function readPng(file: string): { width: number; height: number; first: number } {
  const bytes = readFileSync(file);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), first: raw[1]! };
}

describe('extractFrames', () => {
  it('escapes the select expression for one ffmpeg filter', () => {
    expect(selectExpression([3, 10])).toBe('eq(n\\,3)+eq(n\\,10)');
  });

  it('writes the asked frames, counted from the camera start, resized and in any order asked', async () => {
    const out = join(temp, 'a');
    const requests = [7, 3, 0].map((frame) => ({ frame, output: join(out, `f${frame}.png`) }));
    await extractFrames({ file: video, fromTimestamp: 0, fps: 10, name: 'gray' }, requests, 16, join(temp, 'scratch-a'));
    for (const frame of [0, 3, 7]) {
      const png = readPng(join(out, `f${frame}.png`));
      expect(png).toMatchObject({ width: 16, height: 16 });
      expect(Math.abs(png.first - 10 * frame)).toBeLessThanOrEqual(4);
    }
  });

  it('counts frames from fromTimestamp when episodes share one file', async () => {
    const out = join(temp, 'b');
    const requests = [0, 2].map((frame) => ({ frame, output: join(out, `f${frame}.png`) }));
    await extractFrames({ file: video, fromTimestamp: 1, fps: 10, name: 'gray' }, requests, 16, join(temp, 'scratch-b'));
    expect(Math.abs(readPng(join(out, 'f0.png')).first - 100)).toBeLessThanOrEqual(4);
    expect(Math.abs(readPng(join(out, 'f2.png')).first - 120)).toBeLessThanOrEqual(4);
  });

  it('says so when a frame lies past the end of the video', async () => {
    const requests = [5, 25].map((frame) => ({ frame, output: join(temp, 'c', `f${frame}.png`) }));
    await expect(
      extractFrames({ file: video, fromTimestamp: 0, fps: 10, name: 'cam front' }, requests, 16, join(temp, 'scratch-c')),
    ).rejects.toThrow(/cam front: asked ffmpeg for 2 frame\(s\) up to frame 25 .* but got 1/);
  });
});
