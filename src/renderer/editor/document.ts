import { isTrack, trackSpan } from './kinds/track';
import type { Annotation, Change } from './types';

/** Frames per index bucket: small enough that a bucket holds few long spans, large enough that spans touch few buckets. */
const BUCKET = 64;

/** The frames an annotation covers (inclusive). Tracks present at their last keyframe run to the episode's end. */
export function spanOf(a: Annotation, lastFrame: number): [number, number] {
  if (isTrack(a.geometry)) return trackSpan(a.geometry, lastFrame);
  if ('points' in a.geometry && a.geometry.points.length > 0) {
    const frames = a.geometry.points.map((p) => p.frame);
    return [Math.min(...frames), Math.max(...frames)];
  }
  return [a.frame, Math.max(a.frame, a.endFrame ?? a.frame)];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Equal apart from the stored version's time, which a save refreshes without changing what was edited. */
function sameContent(a: Annotation, b: Annotation): boolean {
  return deepEqual({ ...a, updatedAt: undefined }, { ...b, updatedAt: undefined });
}

/**
 * The annotations of one episode in memory, indexed by id, camera and frame bucket so "what is visible
 * on camera c at frame f" touches only what overlaps f. Segments (camera null) show on every camera.
 */
export class AnnotationDocument {
  private readonly byId = new Map<string, Annotation>();
  private readonly buckets = new Map<string, Map<number, Set<string>>>();
  /** Per id: its camera key, the buckets it sits in, and its frame span, so a repaint compares numbers instead of recomputing spans. */
  private readonly indexed = new Map<string, { camera: string; from: number; to: number; start: number; end: number }>();
  /** Drawing order by first appearance; kept for deleted ids so undoing a delete puts the shape back at its depth. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  /** Bumped whenever an annotation is put or removed: what a view of the annotations alone keys on (selection and save state do not change it). */
  revision = 0;

  constructor(
    /** Frames in the episode; bounds how far open-ended tracks are indexed. */
    readonly length: number,
    annotations: readonly Annotation[] = [],
  ) {
    for (const a of annotations) this.put(a);
  }

  get(id: string): Annotation | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every annotation in drawing order (oldest first). */
  all(): Annotation[] {
    return this.sorted([...this.byId.values()]);
  }

  get size(): number {
    return this.byId.size;
  }

  byCamera(camera: string): Annotation[] {
    return this.all().filter((a) => a.camera === camera || a.camera === null);
  }

  /** Everything shown on `camera` at `frame`, including tracks and trajectories whose span covers it. */
  visibleAt(camera: string, frame: number): Annotation[] {
    const out: Annotation[] = [];
    for (const key of [camera, '']) {
      const ids = this.buckets.get(key)?.get(Math.floor(frame / BUCKET));
      for (const id of ids ?? []) {
        const entry = this.indexed.get(id)!;
        if (frame >= entry.start && frame <= entry.end) out.push(this.byId.get(id)!);
      }
    }
    return this.sorted(out);
  }

  /**
   * Apply a batch in order, all or nothing: a change that does not fit (creating an existing id, updating a
   * stale version) throws after the changes before it are put back.
   */
  apply(changes: readonly Change[]): void {
    const done: Change[] = [];
    try {
      for (const c of changes) {
        this.applyOne(c);
        done.push(c);
      }
    } catch (e) {
      for (const c of AnnotationDocument.inverse(done)) this.applyOne(c);
      throw e;
    }
  }

  private applyOne(c: Change): void {
    {
      if (c.op === 'create') {
        if (this.byId.has(c.annotation.id)) throw new Error(`annotation ${c.annotation.id} already exists`);
        this.put(c.annotation);
      } else if (c.op === 'update') {
        const current = this.byId.get(c.after.id);
        if (!current || (current !== c.before && !sameContent(current, c.before)))
          throw new Error(`annotation ${c.after.id} changed since this edit was made`);
        this.put(c.after);
      } else {
        if (!this.byId.has(c.annotation.id)) throw new Error(`annotation ${c.annotation.id} does not exist`);
        this.remove(c.annotation.id);
      }
    }
  }

  /** The batch that undoes `changes`: each change reversed, in reverse order. */
  static inverse(changes: readonly Change[]): Change[] {
    return [...changes].reverse().map((c): Change => {
      if (c.op === 'create') return { op: 'delete', annotation: c.annotation };
      if (c.op === 'delete') return { op: 'create', annotation: c.annotation };
      return { op: 'update', before: c.after, after: c.before };
    });
  }

  private sorted(list: Annotation[]): Annotation[] {
    return list.sort((x, y) => this.order.get(x.id)! - this.order.get(y.id)!);
  }

  /** Creates and updates alike; the drawing order is set once per id, on first sight. */
  private put(a: Annotation): void {
    if (!this.order.has(a.id)) this.order.set(a.id, this.nextOrder++);
    this.revision++;
    this.unindex(a.id);
    this.byId.set(a.id, a);
    const [from, to] = spanOf(a, this.length - 1);
    const camera = a.camera ?? '';
    const entry = {
      camera,
      from: Math.floor(from / BUCKET),
      to: Math.floor(Math.min(to, Math.max(from, this.length - 1)) / BUCKET),
      start: from,
      end: to,
    };
    this.indexed.set(a.id, entry);
    let byBucket = this.buckets.get(camera);
    if (!byBucket) this.buckets.set(camera, (byBucket = new Map()));
    for (let b = entry.from; b <= entry.to; b++) {
      let ids = byBucket.get(b);
      if (!ids) byBucket.set(b, (ids = new Set()));
      ids.add(a.id);
    }
  }

  private remove(id: string): void {
    this.revision++;
    this.unindex(id);
    this.byId.delete(id);
  }

  private unindex(id: string): void {
    const entry = this.indexed.get(id);
    if (entry) {
      const byBucket = this.buckets.get(entry.camera);
      for (let b = entry.from; b <= entry.to; b++) byBucket?.get(b)?.delete(id);
      this.indexed.delete(id);
    }
  }
}
