import { describe, expect, it } from 'vitest';
import { findTopLevelBoxes, parseBoxHeader } from './boxes';
import { HttpByteSource, totalFromContentRange } from './byteSource';

const file = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);

/** A server over `file` that honours Range, or ignores it like some custom protocols do. */
function fakeFetch(honourRange: boolean, log: string[] = []): typeof fetch {
  return (async (_url: string, init?: RequestInit) => {
    const range = (init?.headers as Record<string, string> | undefined)?.Range;
    log.push(range ?? 'all');
    const match = honourRange && range ? /bytes=(\d+)-(\d+)/.exec(range) : null;
    if (!match) return new Response(file.slice(), { status: 200 });
    const [start, end] = [Number(match[1]), Math.min(file.length - 1, Number(match[2]))];
    return new Response(file.slice(start, end + 1), { status: 206, headers: { 'content-range': `bytes ${start}-${end}/${file.length}` } });
  }) as typeof fetch;
}

describe('HttpByteSource', () => {
  it('reads ranges across blocks with as few requests as there are gaps', async () => {
    const log: string[] = [];
    const source = await HttpByteSource.open('/x', { blockSize: 1000, fetch: fakeFetch(true, log) });
    expect(source.size).toBe(10_000);
    expect(Array.from(await source.read(1990, 30))).toEqual(Array.from(file.subarray(1990, 2020)));
    await source.prefetch(0, 10_000);
    expect(log).toEqual(['bytes=0-999', 'bytes=1000-2999', 'bytes=3000-9999']);
    expect(source.readSync(9_990, 10)).toEqual(file.subarray(9_990));
  });

  it('keeps the whole file when the server ignores Range', async () => {
    const log: string[] = [];
    const source = await HttpByteSource.open('/x', { blockSize: 1000, fetch: fakeFetch(false, log) });
    expect(source.size).toBe(10_000);
    expect(source.readSync(5000, 4)).toEqual(file.subarray(5000, 5004));
    expect(log).toEqual(['bytes=0-999']);
  });

  it('evicts the least recently used blocks beyond its limit', async () => {
    const source = await HttpByteSource.open('/x', { blockSize: 1000, maxBlocks: 4, fetch: fakeFetch(true) });
    await source.prefetch(0, 10_000);
    expect(source.has(0, 1)).toBe(false);
    expect(source.has(9000, 1000)).toBe(true);
    expect(Array.from(await source.read(0, 3))).toEqual([0, 1, 2]);
  });

  it('reports a failed request as a network error', async () => {
    const failing = (async () => new Response(null, { status: 404 })) as unknown as typeof fetch;
    await expect(HttpByteSource.open('/missing', { fetch: failing })).rejects.toMatchObject({ detail: { kind: 'network' } });
  });

  it('reads the total size from Content-Range', () => {
    expect(totalFromContentRange('bytes 0-99/12345')).toBe(12345);
    expect(totalFromContentRange('bytes 0-99/*')).toBeNull();
  });
});

describe('top-level boxes', () => {
  it('walks box headers to moov, reading 64-bit and to-end sizes', async () => {
    const bytes = new Uint8Array(64);
    const view = new DataView(bytes.buffer);
    const box = (at: number, size: number, type: string) => {
      view.setUint32(at, size);
      for (let i = 0; i < 4; i++) bytes[at + 4 + i] = type.charCodeAt(i);
    };
    box(0, 16, 'ftyp');
    box(16, 1, 'mdat');
    view.setBigUint64(24, 32n);
    box(48, 0, 'moov');
    const found = await findTopLevelBoxes({ size: 64, read: async (o, l) => bytes.subarray(o, o + l) });
    expect(found).toEqual([
      { type: 'ftyp', offset: 0, size: 16 },
      { type: 'moov', offset: 48, size: 16 },
    ]);
    expect(() => parseBoxHeader(Uint8Array.from([0, 0, 0, 4, 0x61, 0x62, 0x63, 0x64]), 0, 100)).toThrow('invalid box size');
  });
});
