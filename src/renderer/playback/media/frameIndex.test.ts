import { describe, expect, it } from 'vitest';
import { buildFrameIndex, type SampleInfo } from './frameIndex';

// Decode order I P B B P B B of an H.264 GOP with two B-frames, as ffmpeg writes it (cts shifted by
// the edit list's media_time of 2 ticks).
function ibbp(): SampleInfo[] {
  const cts = [2, 5, 3, 4, 8, 6, 7];
  return cts.map((c, d) => ({ cts: c, isSync: d === 0, offset: d * 100, size: 100 }));
}

const timing = { timescale: 1, mediaTime: 2, emptyEditSeconds: 0 };

describe('buildFrameIndex', () => {
  it('numbers frames in presentation order', () => {
    const index = buildFrameIndex({ samples: ibbp(), timing, fromTimestamp: 0, fps: 1, frameCount: 0 });
    expect(index.length).toBe(7);
    expect(index.firstRank).toBe(0);
    expect(Array.from(index.decodeOfRank)).toEqual([0, 2, 3, 1, 5, 6, 4]);
    expect(Array.from(index.rankOfDecode)).toEqual([0, 3, 1, 2, 6, 4, 5]);
    expect(index.maxGop).toBe(7);
  });

  it('starts at the frame nearest fromTimestamp and stops at frameCount', () => {
    const index = buildFrameIndex({ samples: ibbp(), timing, fromTimestamp: 2.0000001, fps: 1, frameCount: 3 });
    expect(index.firstRank).toBe(2);
    expect(index.length).toBe(3);
  });

  it('skips a frame half a period or more before fromTimestamp', () => {
    const index = buildFrameIndex({ samples: ibbp(), timing, fromTimestamp: 2.6, fps: 1, frameCount: 0 });
    expect(index.firstRank).toBe(3);
    expect(index.length).toBe(4);
  });

  it('finds the keyframe each sample must be decoded from', () => {
    const samples = [true, false, false, true, false].map((isSync, d) => ({ cts: d, isSync, offset: d, size: 1 }));
    const index = buildFrameIndex({ samples, timing: { ...timing, mediaTime: 0 }, fromTimestamp: 0, fps: 30, frameCount: 5 });
    expect(Array.from(index.keyOfDecode)).toEqual([0, 0, 0, 3, 3]);
    expect(index.maxGop).toBe(3);
  });

  it('starts a leading picture of an open GOP from the keyframe before', () => {
    // Decode order I0 P2 B1 | I4 B3 P6 B5: B3 is shown before I4 and references the first GOP.
    const cts = [0, 2, 1, 4, 3, 6, 5];
    const samples = cts.map((c, d) => ({ cts: c, isSync: d === 0 || d === 3, offset: d, size: 1 }));
    const index = buildFrameIndex({ samples, timing: { ...timing, mediaTime: 0 }, fromTimestamp: 0, fps: 1, frameCount: 0 });
    expect(Array.from(index.keyOfDecode)).toEqual([0, 0, 0, 3, 0, 3, 3]);
  });

  it('clamps frameCount to the samples there are', () => {
    const index = buildFrameIndex({ samples: ibbp(), timing, fromTimestamp: 0, fps: 1, frameCount: 100 });
    expect(index.length).toBe(7);
  });
});
