/**
 * Decoded frames around the playhead, keyed by episode frame number. When full, the frame farthest
 * outside the decode window goes first (distance measured in window lengths, so that a frame the
 * window still wants never makes way for one it does not); evicted frames are closed at once,
 * because a decoder whose output frames are all still held stalls.
 */
export type Direction = -1 | 0 | 1;

export class FrameCache<F> {
  private readonly frames = new Map<number, F>();
  private playhead = 0;
  private direction: Direction = 0;
  private readonly pinned = new Set<number>();
  private ahead = 1;
  private behind = 1;

  constructor(
    private capacity: number,
    private readonly release: (frame: F) => void,
  ) {}

  get size(): number {
    return this.frames.size;
  }

  has(index: number): boolean {
    return this.frames.has(index);
  }

  get(index: number): F | undefined {
    return this.frames.get(index);
  }

  setPlayhead(index: number, direction: Direction): void {
    this.playhead = index;
    this.direction = direction;
    this.trim();
  }

  /** The decode window: `ahead` frames in the direction of play, `behind` the other way. */
  setWindow(ahead: number, behind: number): void {
    this.ahead = Math.max(1, ahead);
    this.behind = Math.max(1, behind);
    this.trim();
  }

  setCapacity(capacity: number): void {
    this.capacity = Math.max(1, capacity);
    this.trim();
  }

  /** Frames that must stay while someone waits for them, whatever their distance. */
  pin(index: number): void {
    this.pinned.add(index);
  }

  unpin(index: number): void {
    this.pinned.delete(index);
  }

  /** Keeps the frame unless it is itself the one to evict; returns whether it was kept. */
  put(index: number, frame: F): boolean {
    const previous = this.frames.get(index);
    if (previous !== undefined && previous !== frame) this.release(previous);
    this.frames.set(index, frame);
    this.trim();
    return this.frames.get(index) === frame;
  }

  /** How much the frame at `index` is worth dropping: bigger goes first. */
  cost(index: number): number {
    const towards = (index - this.playhead) * (this.direction < 0 ? -1 : 1);
    return towards >= 0 ? towards / this.ahead : -towards / this.behind;
  }

  clear(): void {
    for (const frame of this.frames.values()) this.release(frame);
    this.frames.clear();
    this.pinned.clear();
  }

  private trim(): void {
    while (this.frames.size > this.capacity) {
      let worst = -1;
      let worstCost = -1;
      for (const index of this.frames.keys()) {
        if (this.pinned.has(index) || index === this.playhead) continue;
        const cost = this.cost(index);
        if (cost > worstCost) {
          worst = index;
          worstCost = cost;
        }
      }
      if (worst < 0) return;
      this.release(this.frames.get(worst)!);
      this.frames.delete(worst);
    }
  }
}
