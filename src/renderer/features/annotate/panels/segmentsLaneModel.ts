/**
 * The segments lane without React: where frames sit along it (the player's timeline scale), which
 * segment a pointer is on, what a drag makes of a span, and the lane's own commands. Tested without a DOM.
 */
import { SegmentGeometry } from '../../../../shared/contract/annotations';
import type { Command } from '../../../editor/commands';
import type { Annotation } from '../../../editor/types';
import { frameAtX, percentOf } from '../../../playback/components/timelineMath';

export type Phase = SegmentGeometry['phase'];
export const PHASES = SegmentGeometry.shape.phase.options;

/** One hue per phase, in the order a pick-and-place runs, so neighbouring phases differ at a glance. */
export const PHASE_COLORS: Record<Phase, string> = {
  approach: '#4c8dff',
  grasp: '#e0a030',
  lift: '#3fb97b',
  transport: '#a673e6',
  place: '#e36c9b',
  release: '#39b8c9',
  other: '#8a93a2',
};

/** The lane's x scale in pixels: its track `left`..`left + width` (laneTrack), as the timeline's. */
export interface LaneScale {
  left: number;
  width: number;
  /** Frames in the episode. */
  length: number;
}

/** Where frame `frame` sits, in lane pixels: the timeline puts frame 0 at its left edge and the last at its right. */
export function xOf(frame: number, s: LaneScale): number {
  return s.length <= 1 ? s.left : s.left + (frame / (s.length - 1)) * s.width;
}

export function frameAt(x: number, s: LaneScale): number {
  return frameAtX(x, s.left, s.width, s.length);
}

export interface Span {
  frame: number;
  endFrame: number;
}

export const spanOfSegment = (a: Annotation): Span => ({ frame: a.frame, endFrame: Math.max(a.frame, a.endFrame ?? a.frame) });

/** The episode's segments in start order, each on the first row where it overlaps nothing (overlaps stack). */
export function laneRows(annotations: readonly Annotation[]): { segment: Annotation; row: number }[] {
  const segments = annotations.filter((a) => a.kind === 'segment').sort((a, b) => a.frame - b.frame || spanOfSegment(a).endFrame - spanOfSegment(b).endFrame);
  const rowEnds: number[] = [];
  return segments.map((segment) => {
    const { frame, endFrame } = spanOfSegment(segment);
    let row = rowEnds.findIndex((end) => end < frame);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = endFrame;
    return { segment, row };
  });
}

export type LanePart = 'start' | 'end' | 'body';
export interface LaneHit {
  id: string;
  part: LanePart;
}

/** A span is never drawn narrower than this, so a one-frame segment can still be taken. */
export const MIN_SPAN_PX = 6;

/** The x extent a segment is drawn over. */
export function spanPixels(span: Span, s: LaneScale): { x: number; width: number } {
  const x0 = xOf(span.frame, s);
  const x1 = xOf(span.endFrame, s);
  const width = Math.max(MIN_SPAN_PX, x1 - x0);
  return { x: x1 - x0 >= MIN_SPAN_PX ? x0 : (x0 + x1) / 2 - width / 2, width };
}

/**
 * spanPixels as CSS on the lane's track, in percent of it: the same box at any width, so the lane draws
 * without measuring itself. The min() takes the centred box exactly when the span is under MIN_SPAN_PX.
 */
export function spanStyle(span: Span, length: number): { left: string; width: string } {
  const a = percentOf(span.frame, length);
  const b = percentOf(span.endFrame, length);
  return { left: `min(${a}%, calc(${(a + b) / 2}% - ${MIN_SPAN_PX / 2}px))`, width: `max(${MIN_SPAN_PX}px, ${b - a}%)` };
}

/**
 * What a press at (x, row) takes: an edge within `edgePx` of it (the nearer, if the span is short), else
 * the body. Later segments on a row win, as they are drawn on top.
 */
export function hitSegment(x: number, row: number, rows: readonly { segment: Annotation; row: number }[], s: LaneScale, edgePx = 5): LaneHit | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (r.row !== row) continue;
    const { x: left, width } = spanPixels(spanOfSegment(r.segment), s);
    if (x < left - edgePx || x > left + width + edgePx) continue;
    const toStart = Math.abs(x - left);
    const toEnd = Math.abs(x - (left + width));
    if (Math.min(toStart, toEnd) <= edgePx) return { id: r.segment.id, part: toStart <= toEnd ? 'start' : 'end' };
    if (x >= left && x <= left + width) return { id: r.segment.id, part: 'body' };
  }
  return null;
}

export type DragMode = { type: 'create' } | { type: 'move'; span: Span } | { type: 'resize'; edge: 'start' | 'end'; span: Span };

/**
 * The span a drag makes, from the frame it was pressed on to the frame the pointer is on now, inside
 * frames 0 … length - 1. A new span runs between the two either way; a moved one keeps its length;
 * an edge dragged past the other stops there (one frame), so the segment never turns inside out.
 */
export function dragSpan(mode: DragMode, from: number, to: number, length: number): Span {
  const last = Math.max(0, length - 1);
  const clamp = (f: number) => Math.min(last, Math.max(0, f));
  if (mode.type === 'create') return { frame: clamp(Math.min(from, to)), endFrame: clamp(Math.max(from, to)) };
  const { frame, endFrame } = mode.span;
  if (mode.type === 'move') {
    const delta = Math.min(last - endFrame, Math.max(-frame, to - from));
    return { frame: frame + delta, endFrame: endFrame + delta };
  }
  if (mode.edge === 'start') return { frame: Math.min(endFrame, clamp(frame + to - from)), endFrame };
  return { frame, endFrame: Math.max(frame, clamp(endFrame + to - from)) };
}

export function newSegment(id: string, span: Span, phase: Phase): Annotation {
  return { id, kind: 'segment', camera: null, labelId: null, frame: span.frame, endFrame: span.endFrame, geometry: { phase, text: '' } };
}

/** Changes the phase or the text of one segment; refused when it is not a segment (or gone). */
const editSegment = (name: string) =>
  ({
    name,
    undoable: true,
    perform(doc, { id, ...edit }) {
      const before = doc.get(id);
      if (!before || before.kind !== 'segment') return { refused: `annotation ${id} is not a segment` };
      const geometry = { ...(before.geometry as SegmentGeometry), ...edit };
      const checked = SegmentGeometry.safeParse(geometry);
      if (!checked.success) return { refused: checked.error.issues[0]!.message };
      if (JSON.stringify(checked.data) === JSON.stringify(before.geometry)) return [];
      return [{ op: 'update', before, after: { ...before, geometry: checked.data } }];
    },
  }) satisfies Command<{ id: string; phase?: Phase; text?: string }>;

export const setSegmentPhase: Command<{ id: string; phase: Phase }> = editSegment('setSegmentPhase');
export const setSegmentText: Command<{ id: string; text: string }> = editSegment('setSegmentText');
