/**
 * One camera's frames: decodes from the keyframe before a wanted frame, keeps decoded frames
 * around the playhead, and decodes ahead in the direction of play. A request for frame i resolves
 * only once frame i itself (identified by the timestamp the decoder hands back) is in the cache.
 */
import { abortError, PlaybackError, toPlayerError, type PlayerError } from '../errors';
import type { FrameIndex } from '../media/frameIndex';
import type { DecodeArbiter } from './arbiter';
import type { DecoderPort, DecoderSink } from './decoderPort';
import { FrameCache, type Direction } from './frameCache';

export interface FrameSourceOptions<F> {
  index: FrameIndex;
  createPort(sink: DecoderSink<F>): DecoderPort;
  release(frame: F): void;
  /** Decoded frames kept. */
  capacity: number;
  /** Frames decoded ahead of the playhead in the direction of play. */
  ahead: number;
  /** Frames kept decoded on the other side, for stepping back. */
  behind: number;
  /** Shares the CPU with other cameras: decoding ahead waits while another camera seeks. */
  arbiter?: DecodeArbiter;
  /** Whether no other sample references sample d (skippable on the way to a seek's target). */
  isDisposable?(d: number): boolean;
}

export interface FrameSourceStats {
  fed: number;
  /** Non-reference samples not decoded on the way to a seek's target. */
  skipped: number;
  output: number;
  resets: number;
  flushes: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** Decoder output for a frame that two decodes in a row did not produce fails its requests. */
const MAX_ATTEMPTS = 2;
/** Frames ahead of the playhead that must not be left inside an idle decoder. */
const SOON = 8;

export class FrameSource<F> {
  readonly length: number;
  readonly stats: FrameSourceStats = { fed: 0, skipped: 0, output: 0, resets: 0, flushes: 0 };
  private readonly index: FrameIndex;
  private readonly cache: FrameCache<F>;
  private readonly port: DecoderPort;
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly inFlight = new Set<number>();
  private readonly attempts = new Map<number, number>();
  private readonly failed = new Set<number>();
  /** Ranks fed without the samples they depend on (after a jump); their output is garbage. */
  private readonly unreliable = new Set<number>();
  /** First sample of the run the decoder has been fed without gaps. */
  private runStart = 0;
  private next = 0;
  private needsKey = true;
  private pumping = false;
  private playhead = 0;
  private direction: Direction = 0;
  private failure: PlayerError | null = null;
  private closed = false;

  constructor(private readonly options: FrameSourceOptions<F>) {
    this.index = options.index;
    this.length = options.index.length;
    this.cache = new FrameCache(options.capacity, options.release);
    this.cache.setWindow(options.ahead, options.behind);
    this.port = options.createPort({ frame: (rank, frame) => this.onFrame(rank, frame), error: (e) => this.fail(e) });
  }

  get error(): PlayerError | null {
    return this.failure;
  }

  has(frame: number): boolean {
    return this.cache.has(frame);
  }

  /** The decoded frame, if it is in the cache now; valid until the next frame is decoded. */
  peek(frame: number): F | undefined {
    return this.cache.get(frame);
  }

  /** Resolves when `frame` is decoded and cached; frames outside the episode resolve at once. */
  request(frame: number, signal?: AbortSignal): Promise<void> {
    if (this.failure) return Promise.reject(new PlaybackError(this.failure));
    if (frame < 0 || frame >= this.length || this.cache.has(frame)) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const set = this.waiters.get(frame) ?? new Set();
      set.add(waiter);
      this.waiters.set(frame, set);
      this.cache.pin(frame);
      this.options.arbiter?.setUrgent(this, true);
      signal?.addEventListener('abort', () => {
        if (!set.delete(waiter)) return;
        if (set.size === 0) this.dropWaiters(frame);
        reject(abortError());
      });
      this.kick();
    });
  }

  /** Moves the decode window; frames far from it become the first to go. */
  setPlayhead(frame: number, direction: Direction): void {
    this.playhead = Math.max(0, Math.min(this.length - 1, frame));
    this.direction = direction;
    this.cache.setPlayhead(this.playhead, direction);
    this.kick();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.arbiter?.leave(this);
    this.port.close();
    this.rejectAll(abortError());
    this.cache.clear();
  }

  private kick(): void {
    if (this.pumping || this.closed || this.failure) return;
    this.pumping = true;
    this.pump().catch((error: unknown) => this.fail(toPlayerError(error, 'decode')));
  }

  private async pump(): Promise<void> {
    // The flag is cleared in the very turn the loop ends (not a microtask later), so that a request
    // arriving right after starts a new pump instead of being left to one that has stopped.
    try {
      while (!this.closed && !this.failure) {
        const goal = this.nextGoal();
        if (goal === undefined) {
          // Nothing left to feed: frames still inside the decoder come out only with a flush.
          if (!this.waitedInFlight() && !this.soonNeededInFlight()) return;
          await this.flush();
          continue;
        }
        if (this.waiters.size === 0 && this.options.arbiter?.othersUrgent(this)) {
          await this.options.arbiter.holdBack(this);
          continue;
        }
        const d = this.index.decodeOfRank[this.index.firstRank + goal]!;
        const key = this.index.keyOfDecode[d]!;
        if (this.needsKey || this.next > d) {
          await this.restartAt(key);
        } else if (this.next < key) {
          // Skipping ahead to a keyframe needs no reset: a decoder takes one at any point of a stream.
          this.next = this.runStart = key;
        }
        // On the way to a requested frame, non-reference samples before it are work nobody needs now.
        if (this.next < d && this.waiters.has(goal) && this.options.isDisposable?.(this.next)) {
          this.next++;
          this.stats.skipped++;
          continue;
        }
        const sample = this.next++;
        this.needsKey = false;
        const rank = this.index.rankOfDecode[sample]!;
        this.inFlight.add(rank);
        if (this.index.keyOfDecode[sample]! < this.runStart) this.unreliable.add(rank);
        this.stats.fed++;
        await this.port.decode(sample);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Positions the decoder on a keyframe. Frames still inside the decoder that are waited for or
   * inside the window are flushed out first: resetting would throw away work the window needs.
   */
  private async restartAt(key: number): Promise<void> {
    if (!this.needsKey && this.inFlight.size > 0) {
      if ([...this.inFlight].some((rank) => this.inWindowOrWaited(rank - this.index.firstRank))) {
        await this.flush();
      } else {
        this.port.reset();
        this.stats.resets++;
        this.inFlight.clear();
        this.unreliable.clear();
      }
    }
    this.next = this.runStart = key;
    this.needsKey = false;
  }

  private async flush(): Promise<void> {
    this.stats.flushes++;
    await this.port.flush();
    this.needsKey = true;
    // Whatever was fed and did not come out of a flush is lost: count it, and give up on repeats.
    for (const rank of this.inFlight) {
      const tries = (this.attempts.get(rank) ?? 0) + 1;
      this.attempts.set(rank, tries);
      const frame = rank - this.index.firstRank;
      if (tries >= MAX_ATTEMPTS) {
        this.failed.add(frame);
        this.rejectFrame(frame, new PlaybackError({ kind: 'decode', message: `the decoder produced no frame ${frame}` }));
      }
    }
    this.inFlight.clear();
    this.unreliable.clear();
  }

  /** The frame to decode towards next: newest request first, then the window around the playhead. */
  private nextGoal(): number | undefined {
    const wanted = (frame: number) =>
      frame >= 0 &&
      frame < this.length &&
      !this.cache.has(frame) &&
      !this.failed.has(frame) &&
      !this.inFlight.has(this.index.firstRank + frame);
    const requested = [...this.waiters.keys()];
    for (let i = requested.length - 1; i >= 0; i--) if (wanted(requested[i]!)) return requested[i];
    const { ahead, behind } = this.options;
    const forward = this.direction >= 0;
    const first = forward ? 1 : -1;
    if (wanted(this.playhead)) return this.playhead;
    for (let step = 1; step <= ahead; step++) if (wanted(this.playhead + first * step)) return this.playhead + first * step;
    for (let step = 1; step <= behind; step++) if (wanted(this.playhead - first * step)) return this.playhead - first * step;
    return undefined;
  }

  private inWindowOrWaited(frame: number): boolean {
    if (this.waiters.has(frame)) return true;
    const towards = (frame - this.playhead) * (this.direction < 0 ? -1 : 1);
    return towards >= 0 ? towards <= this.options.ahead : -towards <= this.options.behind;
  }

  /**
   * Whether a frame the clock will show within a few ticks is stuck inside the decoder. Frames at
   * the far edge of the window may wait there for more input; these may not.
   */
  private soonNeededInFlight(): boolean {
    for (const rank of this.inFlight) {
      const towards = (rank - this.index.firstRank - this.playhead) * (this.direction < 0 ? -1 : 1);
      if (towards >= 0 && towards <= SOON) return true;
    }
    return false;
  }

  private waitedInFlight(): boolean {
    for (const frame of this.waiters.keys()) if (this.inFlight.has(this.index.firstRank + frame)) return true;
    return false;
  }

  private onFrame(rank: number, frame: F): void {
    this.inFlight.delete(rank);
    this.stats.output++;
    const index = rank - this.index.firstRank;
    if (this.unreliable.delete(rank) || this.closed || index < 0 || index >= this.length || this.cache.has(index)) {
      this.options.release(frame);
      return;
    }
    this.attempts.delete(rank);
    if (!this.cache.put(index, frame)) return;
    const set = this.waiters.get(index);
    if (!set) return;
    this.dropWaiters(index);
    for (const waiter of set) waiter.resolve();
  }

  private dropWaiters(frame: number): void {
    this.waiters.delete(frame);
    this.cache.unpin(frame);
    if (this.waiters.size === 0) this.options.arbiter?.setUrgent(this, false);
  }

  private rejectFrame(frame: number, error: Error): void {
    const set = this.waiters.get(frame);
    if (!set) return;
    this.dropWaiters(frame);
    for (const waiter of set) waiter.reject(error);
  }

  private rejectAll(error: Error): void {
    for (const frame of [...this.waiters.keys()]) this.rejectFrame(frame, error);
  }

  private fail(error: PlayerError): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    this.rejectAll(new PlaybackError(error));
  }
}
