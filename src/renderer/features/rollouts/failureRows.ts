/**
 * The failures table reads several evaluations' rollouts as one list: each evaluation is a segment paged
 * by rollouts.list on its own (the contract filters by one evaluation), laid end to end.
 */

export interface Segment {
  /** null: every rollout of the project (no evaluation selected). */
  evaluationId: number | null;
  total: number;
}

export const PAGE_SIZE = 200;

export function totalOf(segments: readonly Segment[]): number {
  return segments.reduce((sum, s) => sum + s.total, 0);
}

/** Where the list's row `index` is: its segment and its offset within it. */
export function locate(segments: readonly Segment[], index: number): { segment: number; offset: number } | null {
  let start = 0;
  for (let i = 0; i < segments.length; i++) {
    const total = segments[i]!.total;
    if (index >= start && index < start + total) return { segment: i, offset: index - start };
    start += total;
  }
  return null;
}

/** The list index of a segment's first row. */
export function segmentStart(segments: readonly Segment[], segment: number): number {
  return totalOf(segments.slice(0, segment));
}

/** The pages (segment, page-aligned offset) that hold the rows start..end inclusive. */
export function pagesFor(segments: readonly Segment[], start: number, end: number, pageSize = PAGE_SIZE): { segment: number; offset: number }[] {
  const pages = new Map<string, { segment: number; offset: number }>();
  const last = Math.min(end, totalOf(segments) - 1);
  for (let index = Math.max(0, start); index <= last; ) {
    const at = locate(segments, index)!;
    const offset = Math.floor(at.offset / pageSize) * pageSize;
    pages.set(`${at.segment}:${offset}`, { segment: at.segment, offset });
    // On to the first row of the next page (or the next segment).
    index += Math.min(offset + pageSize, segments[at.segment]!.total) - at.offset;
  }
  return [...pages.values()];
}

export interface TagCount {
  /** Confirmed tag, else suggested; null for successes and untagged failures. */
  tag: string | null;
  rollouts: number;
  confirmed: number;
}

interface CountRow { checkpointId: number | null; variant: string | null; tag: string | null; rollouts: number; successes: number; confirmed: number }

/**
 * Rollouts by tag within the filters other than the tag itself, from rollouts.counts rows (checkpoint ×
 * variant × tag), largest first, untagged last; a success filter counts only those outcomes.
 */
export function tagCounts(counts: readonly CountRow[], filters: { variant?: string; checkpointId?: number | null; success?: boolean }): TagCount[] {
  const byTag = new Map<string | null, TagCount>();
  for (const c of counts) {
    if (filters.variant !== undefined && c.variant !== filters.variant) continue;
    if (filters.checkpointId !== undefined && c.checkpointId !== filters.checkpointId) continue;
    const n = filters.success === undefined ? c.rollouts : filters.success ? c.successes : c.rollouts - c.successes;
    // A confirmed tag on a success is rare; with the outcome filtered its share is unknown, so take at most n.
    const confirmed = Math.min(c.confirmed, n);
    if (n === 0) continue;
    const key = c.tag === null ? null : c.tag.toLowerCase();
    const into = byTag.get(key) ?? { tag: c.tag, rollouts: 0, confirmed: 0 };
    into.rollouts += n;
    into.confirmed += confirmed;
    byTag.set(key, into);
  }
  return [...byTag.values()].sort((a, b) => (a.tag === null ? 1 : 0) - (b.tag === null ? 1 : 0) || b.rollouts - a.rollouts || String(a.tag).localeCompare(String(b.tag)));
}
