/**
 * Random access to a media URL over HTTP Range requests, in aligned blocks kept in a small LRU.
 * A server that ignores Range (answers 200) hands us the whole file, which we then keep instead:
 * the Electron media protocol may do that, and a whole file is still correct, just less frugal.
 */
import { PlaybackError } from '../errors';
import type { RandomAccess } from './boxes';

export interface ByteSourceOptions {
  /** Bytes per block; one Range request fetches one or more whole blocks. */
  blockSize?: number;
  /** Blocks kept; the least recently used go first. */
  maxBlocks?: number;
  fetch?: typeof fetch;
}

const DEFAULT_BLOCK = 1 << 20;
const DEFAULT_MAX_BLOCKS = 96;

function networkError(url: string, message: string): PlaybackError {
  return new PlaybackError({ kind: 'network', message: `${url}: ${message}` });
}

/** Total size from "bytes 0-1023/4096"; null when the server did not say. */
export function totalFromContentRange(header: string | null): number | null {
  const match = header?.match(/\/(\d+)\s*$/);
  return match ? Number(match[1]) : null;
}

export class HttpByteSource implements RandomAccess {
  private whole: Uint8Array | null = null;
  private readonly blocks = new Map<number, Uint8Array>();
  private readonly pending = new Map<number, Promise<void>>();
  private readonly blockSize: number;
  private readonly maxBlocks: number;
  private readonly fetchFn: typeof fetch;

  private constructor(readonly url: string, public size: number, options: ByteSourceOptions) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK;
    this.maxBlocks = Math.max(4, options.maxBlocks ?? DEFAULT_MAX_BLOCKS);
    this.fetchFn = options.fetch ?? fetch.bind(globalThis);
  }

  static async open(url: string, options: ByteSourceOptions = {}): Promise<HttpByteSource> {
    const source = new HttpByteSource(url, 0, options);
    const response = await source.get(0, source.blockSize - 1);
    const body = new Uint8Array(await response.arrayBuffer());
    const total = response.status === 206 ? totalFromContentRange(response.headers.get('content-range')) : null;
    if (total === null) {
      if (response.status === 206) {
        // A partial answer without a total size cannot be walked; fetch the file once instead.
        const full = await source.get(null, null);
        source.keepWhole(new Uint8Array(await full.arrayBuffer()));
      } else {
        source.keepWhole(body);
      }
    } else {
      source.size = total;
      source.storeRun(0, body);
    }
    return source;
  }

  /** True when every byte of the range is already in memory. */
  has(offset: number, length: number): boolean {
    if (this.whole) return true;
    for (let b = this.blockOf(offset); b <= this.blockOf(offset + length - 1); b++) if (!this.blocks.has(b)) return false;
    return true;
  }

  /** The bytes of the range if they are in memory, without waiting. */
  readSync(offset: number, length: number): Uint8Array | undefined {
    if (this.whole) return this.whole.subarray(offset, offset + length);
    if (!this.has(offset, length)) return undefined;
    return this.assemble(offset, length);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new PlaybackError({ kind: 'demux', message: `read past the end of ${this.url} (${offset}+${length} of ${this.size})` });
    }
    await this.prefetch(offset, length);
    return this.readSync(offset, length) ?? this.assembleAfterEviction(offset, length);
  }

  /** Fetches the range into memory (in as few requests as there are gaps). */
  async prefetch(offset: number, length: number): Promise<void> {
    if (this.whole || length <= 0) return;
    const first = this.blockOf(offset);
    const last = this.blockOf(Math.min(this.size, offset + length) - 1);
    const waits: Promise<void>[] = [];
    let runStart = -1;
    for (let b = first; b <= last + 1; b++) {
      const missing = b <= last && !this.blocks.has(b) && !this.pending.has(b);
      if (missing && runStart < 0) runStart = b;
      if (!missing && runStart >= 0) {
        waits.push(this.fetchRun(runStart, b - 1));
        runStart = -1;
      }
      const inFlight = this.pending.get(b);
      if (inFlight) waits.push(inFlight);
    }
    await Promise.all(waits);
  }

  private blockOf(offset: number): number {
    return Math.floor(offset / this.blockSize);
  }

  private async get(from: number | null, to: number | null): Promise<Response> {
    const headers: Record<string, string> = from === null ? {} : { Range: `bytes=${from}-${to}` };
    let response: Response;
    try {
      response = await this.fetchFn(this.url, { headers });
    } catch (error) {
      throw networkError(this.url, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw networkError(this.url, `HTTP ${response.status}`);
    return response;
  }

  private fetchRun(first: number, last: number): Promise<void> {
    const to = Math.min(this.size, (last + 1) * this.blockSize) - 1;
    const run = (async () => {
      const response = await this.get(first * this.blockSize, to);
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status === 206) this.storeRun(first, body);
      else this.keepWhole(body);
    })();
    const settled = run.finally(() => {
      for (let b = first; b <= last; b++) this.pending.delete(b);
    });
    for (let b = first; b <= last; b++) this.pending.set(b, settled);
    return settled;
  }

  private keepWhole(body: Uint8Array): void {
    this.whole = body;
    this.size = body.length;
    this.blocks.clear();
  }

  private storeRun(firstBlock: number, body: Uint8Array): void {
    for (let at = 0, b = firstBlock; at < body.length; at += this.blockSize, b++) {
      this.blocks.delete(b);
      this.blocks.set(b, body.subarray(at, Math.min(body.length, at + this.blockSize)));
    }
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
    }
  }

  private assemble(offset: number, length: number): Uint8Array {
    const first = this.blockOf(offset);
    const last = this.blockOf(offset + length - 1);
    const touch = (b: number) => {
      const block = this.blocks.get(b)!;
      this.blocks.delete(b);
      this.blocks.set(b, block);
      return block;
    };
    const start = offset - first * this.blockSize;
    if (first === last) return touch(first).subarray(start, start + length);
    const out = new Uint8Array(length);
    let written = 0;
    for (let b = first; b <= last; b++) {
      const block = touch(b);
      const from = b === first ? start : 0;
      const take = Math.min(block.length - from, length - written);
      out.set(block.subarray(from, from + take), written);
      written += take;
    }
    return out;
  }

  /** A read larger than the LRU evicts its own blocks: fetch that range once, unkept. */
  private async assembleAfterEviction(offset: number, length: number): Promise<Uint8Array> {
    const response = await this.get(offset, offset + length - 1);
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status === 206) return body;
    this.keepWhole(body);
    return body.subarray(offset, offset + length);
  }
}
