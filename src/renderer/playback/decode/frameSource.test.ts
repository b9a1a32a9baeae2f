import { describe, expect, it } from 'vitest';
import { buildFrameIndex, type SampleInfo } from '../media/frameIndex';
import { DecodeArbiter } from './arbiter';
import type { DecoderPort, DecoderSink } from './decoderPort';
import { FrameSource } from './frameSource';

interface FakeFrame {
  rank: number;
  closed: boolean;
}

/** GOPs of `gop` samples in decode order I P B B P B B ..., like x264 with two B-frames. */
function ibbpSamples(count: number, gop: number): SampleInfo[] {
  const samples: SampleInfo[] = [];
  for (let start = 0; start < count; start += gop) {
    const n = Math.min(gop, count - start);
    const order = [0];
    for (let p = 3; p < n + 2; p += 3) {
      const anchor = Math.min(p, n - 1);
      order.push(anchor);
      for (let b = p - 2; b < anchor; b++) order.push(b);
    }
    for (const rank of order) samples.push({ cts: start + rank, isSync: rank === 0, offset: 0, size: 1 });
  }
  return samples;
}

/** Reorders like a real decoder: holds `delay` frames and emits in presentation order. */
class FakeDecoder implements DecoderPort {
  held: number[] = [];
  fed: number[] = [];
  needsKey = true;
  alive = new Set<FakeFrame>();
  constructor(
    private readonly sink: DecoderSink<FakeFrame>,
    private readonly samples: SampleInfo[],
    private readonly rankOf: Int32Array,
    private readonly delay: number,
    private readonly drop: Set<number>,
  ) {}
  async decode(d: number) {
    if (this.needsKey && !this.samples[d]!.isSync) throw new Error(`non-key sample ${d} after reset`);
    if (this.fed.length > 20_000) throw new Error('runaway decoding');
    this.needsKey = false;
    this.fed.push(d);
    this.held.push(this.rankOf[d]!);
    this.held.sort((a, b) => a - b);
    await Promise.resolve();
    while (this.held.length > this.delay) this.emit(this.held.shift()!);
  }
  async flush() {
    await Promise.resolve();
    for (const rank of this.held) this.emit(rank);
    this.held = [];
    this.needsKey = true;
  }
  reset() {
    this.held = [];
    this.needsKey = true;
  }
  close() {}
  private emit(rank: number) {
    if (this.drop.has(rank)) return;
    const frame = { rank, closed: false };
    this.alive.add(frame);
    this.sink.frame(rank, frame);
  }
}

function setup(options: { count?: number; gop?: number; delay?: number; drop?: number[]; ahead?: number; capacity?: number; skipB?: boolean; arbiter?: DecodeArbiter } = {}) {
  const samples = ibbpSamples(options.count ?? 60, options.gop ?? 10);
  const index = buildFrameIndex({ samples, timing: { timescale: 30, mediaTime: 0, emptyEditSeconds: 0 }, fromTimestamp: 0, fps: 30, frameCount: 0 });
  let decoder!: FakeDecoder;
  const source = new FrameSource<FakeFrame>({
    index,
    createPort: (sink) => (decoder = new FakeDecoder(sink, samples, index.rankOfDecode, options.delay ?? 2, new Set(options.drop ?? []))),
    release: (frame) => {
      frame.closed = true;
      decoder.alive.delete(frame);
    },
    capacity: options.capacity ?? 24,
    arbiter: options.arbiter,
    // In the I P B B pattern, B-frames (ranks not on a multiple of 3 in the GOP) are not referenced.
    isDisposable: options.skipB ? (d) => (index.rankOfDecode[d]! % (options.gop ?? 10)) % 3 !== 0 : undefined,
    ahead: options.ahead ?? 8,
    behind: 8,
  });
  return { source, decoder: () => decoder };
}

describe('FrameSource', () => {
  it('resolves a request with exactly the frame asked for, B-frames and all', async () => {
    const { source } = setup();
    for (const frame of [0, 1, 17, 45, 59, 3, 30]) {
      source.setPlayhead(frame, 0);
      await source.request(frame);
      expect(source.peek(frame)?.rank).toBe(frame);
    }
  });

  it('decodes forward through playback without flushing or resetting', async () => {
    const { source } = setup({ count: 90, gop: 30 });
    for (let frame = 0; frame < 80; frame++) {
      source.setPlayhead(frame, 1);
      await source.request(frame);
      expect(source.peek(frame)?.rank).toBe(frame);
    }
    expect(source.stats.resets).toBe(0);
    expect(source.stats.flushes).toBe(0);
  });

  it('jumps back to the keyframe before a frame it has passed', async () => {
    const { source, decoder } = setup({ count: 60, gop: 10 });
    source.setPlayhead(35, 1);
    await source.request(35);
    source.setPlayhead(12, 0);
    await source.request(12);
    expect(source.peek(12)?.rank).toBe(12);
    expect(decoder().fed).toContain(10);
  });

  it('flushes to get the last frames out of the decoder', async () => {
    const { source } = setup({ count: 20, gop: 10 });
    source.setPlayhead(19, 1);
    await source.request(19);
    expect(source.peek(19)?.rank).toBe(19);
    expect(source.stats.flushes).toBeGreaterThan(0);
  });

  it('flushes frames the playhead is about to reach out of an idle decoder', async () => {
    const { source } = setup({ count: 90, gop: 30, delay: 3, ahead: 8, capacity: 60 });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    source.setPlayhead(40, 1);
    await source.request(40);
    await tick();
    // Playing from 25 towards the frames decoded above: once the window reaches them, nothing is
    // left to feed, and the last frames fed sit inside the decoder until it is flushed.
    source.setPlayhead(25, 1);
    await source.request(25);
    for (let frame = 26; frame <= 30; frame++) {
      await tick();
      source.setPlayhead(frame, 1);
    }
    await tick();
    for (let frame = 25; frame <= 40; frame++) expect(source.has(frame), `frame ${frame}`).toBe(true);
  });

  it('skips non-reference samples on the way to a requested frame, but not the frame itself', async () => {
    const { source, decoder } = setup({ count: 60, gop: 30, skipB: true });
    source.setPlayhead(28, 0);
    await source.request(28);
    expect(source.peek(28)?.rank).toBe(28);
    expect(source.stats.skipped).toBeGreaterThan(10);
    // Decode order I0 P3 B1 B2 P6 …: the I and P samples are decode indices 0, 1, 4, 7, 10, 13.
    expect(decoder().fed.slice(0, 6)).toEqual([0, 1, 4, 7, 10, 13]);
  });

  it('holds back decoding ahead while another camera decodes towards a requested frame', async () => {
    const arbiter = new DecodeArbiter();
    const seeking = setup({ arbiter });
    const idle = setup({ arbiter });
    // What the idle camera had fed each time the seeking one fed a sample.
    const idleFed: number[] = [];
    const decode = seeking.decoder().decode.bind(seeking.decoder());
    seeking.decoder().decode = (d) => {
      idleFed.push(idle.decoder().fed.length);
      return decode(d);
    };
    const target = seeking.source.request(55);
    idle.source.setPlayhead(0, 1);
    await target;
    expect(idleFed.length).toBeGreaterThan(3);
    expect(idleFed.every((n) => n === 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle.source.has(5)).toBe(true);
  });

  it('rejects a superseded request and keeps serving others', async () => {
    const { source } = setup();
    const controller = new AbortController();
    const stale = source.request(50, controller.signal);
    controller.abort();
    await expect(stale).rejects.toThrow('superseded');
    source.setPlayhead(5, 0);
    await source.request(5);
    expect(source.peek(5)?.rank).toBe(5);
  });

  it('fails a frame the decoder never produces instead of waiting forever', async () => {
    const { source } = setup({ drop: [13] });
    source.setPlayhead(13, 0);
    await expect(source.request(13)).rejects.toThrow('no frame 13');
    await source.request(14);
    expect(source.peek(14)?.rank).toBe(14);
  });

  it('serves random seeks, steps and play runs without runaway decoding', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const gop of [2, 30]) {
      const { source, decoder } = setup({ count: 90, gop, delay: 3 });
      let playhead = 0;
      for (let op = 0; op < 150; op++) {
        const roll = random();
        const direction = roll < 0.3 ? 0 : roll < 0.8 ? 1 : -1;
        playhead = roll < 0.3 ? Math.floor(random() * 90) : Math.max(0, Math.min(89, playhead + direction));
        source.setPlayhead(playhead, direction as 0 | 1 | -1);
        await source.request(playhead);
        expect(source.peek(playhead)?.rank).toBe(playhead);
      }
      expect(decoder().fed.length).toBeLessThan(5_000);
    }
  });

  it('releases every frame it was given once closed', async () => {
    const { source, decoder } = setup();
    source.setPlayhead(20, 1);
    await source.request(20);
    expect(decoder().alive.size).toBeGreaterThan(0);
    expect(decoder().alive.size).toBeLessThanOrEqual(24);
    source.close();
    expect(decoder().alive.size).toBe(0);
  });
});
