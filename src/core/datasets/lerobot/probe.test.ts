import { describe, expect, it } from 'vitest';
import { parseProbe, ProbeError } from './probe';

describe('parseProbe', () => {
  it('takes the frame count from the container', () => {
    const json = JSON.stringify({
      streams: [{ codec_name: 'av1', width: 64, height: 48, pix_fmt: 'yuv420p', r_frame_rate: '10/1', avg_frame_rate: '10/1', nb_frames: '36', duration: '3.6' }],
      format: { duration: '3.6' },
    });
    expect(parseProbe(json)).toEqual({ codec: 'av1', width: 64, height: 48, pixFmt: 'yuv420p', fps: 10, frameCount: 36, durationSec: 3.6 });
  });

  it('estimates frames from duration x fps when the container has no count (mkv, webm)', () => {
    const json = JSON.stringify({ streams: [{ codec_name: 'vp9', width: 8, height: 8, avg_frame_rate: '0/0', r_frame_rate: '30000/1001' }], format: { duration: '2.002' } });
    const probe = parseProbe(json);
    expect(probe.fps).toBeCloseTo(29.97, 2);
    expect(probe.frameCount).toBe(60);
  });

  it('rejects a file without a video stream', () => {
    expect(() => parseProbe(JSON.stringify({ streams: [] }))).toThrow(ProbeError);
  });
});
