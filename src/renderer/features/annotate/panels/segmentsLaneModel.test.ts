import { describe, expect, it } from 'vitest';
import { Editor } from '../../../editor/editor';
import { isRefusal, type Annotation } from '../../../editor/types';
import { frameAtX, percentOf } from '../../../playback/components/timelineMath';
import {
  dragSpan, frameAt, hitSegment, laneRows, newSegment, setSegmentPhase, setSegmentText, spanPixels, spanStyle, xOf,
} from './segmentsLaneModel';

const scale = { left: 6, width: 1000, length: 101 };
const seg = (id: string, frame: number, endFrame: number): Annotation => newSegment(id, { frame, endFrame }, 'grasp');

describe('segments lane scale', () => {
  it('puts every frame where the timeline puts it, and reads frames back as the timeline does', () => {
    for (const frame of [0, 1, 37, 99, 100]) {
      expect(xOf(frame, scale)).toBeCloseTo(scale.left + (percentOf(frame, scale.length) / 100) * scale.width);
      expect(frameAt(xOf(frame, scale), scale)).toBe(frame);
    }
    expect(frameAt(512.3, scale)).toBe(frameAtX(512.3, scale.left, scale.width, scale.length));
    expect(frameAt(-50, scale)).toBe(0);
    expect(frameAt(5000, scale)).toBe(100);
  });

  it('draws a one-frame segment wide enough to take, centred on its frame', () => {
    expect(spanPixels({ frame: 10, endFrame: 20 }, scale)).toEqual({ x: 106, width: 100 });
    const one = spanPixels({ frame: 50, endFrame: 50 }, scale);
    expect(one.width).toBeGreaterThanOrEqual(6);
    expect(one.x + one.width / 2).toBeCloseTo(xOf(50, scale));
  });

  it('draws as CSS the same box it hits, at any track width', () => {
    // The style's min(), max(), calc(), % and px read as a browser does, on a track `width` pixels wide.
    const px = (css: string, width: number): number =>
      new Function(`return ${css.replace(/min\(/g, 'Math.min(').replace(/max\(/g, 'Math.max(').replace(/calc\(/g, '(').replace(/([\d.e+-]+)%/g, `($1*${width}/100)`).replace(/px/g, '')};`)();
    for (const width of [300, 1000, 1913]) {
      const s = { left: 0, width, length: 101 };
      for (const span of [{ frame: 10, endFrame: 20 }, { frame: 50, endFrame: 50 }, { frame: 99, endFrame: 100 }, { frame: 0, endFrame: 100 }]) {
        const style = spanStyle(span, s.length);
        const box = spanPixels(span, s);
        expect(px(style.left, width)).toBeCloseTo(box.x, 6);
        expect(px(style.width, width)).toBeCloseTo(box.width, 6);
      }
    }
  });
});

describe('segments lane rows and hits', () => {
  it('stacks overlapping segments and keeps touching-free ones on one row', () => {
    const rows = laneRows([seg('c', 30, 60), seg('a', 0, 20), seg('b', 10, 40), { ...seg('p', 0, 0), kind: 'point', geometry: { x: 1, y: 1, role: 'other' } }]);
    expect(rows.map((r) => [r.segment.id, r.row])).toEqual([['a', 0], ['b', 1], ['c', 0]]);
    expect(laneRows([seg('a', 0, 20), seg('b', 20, 30)]).map((r) => r.row)).toEqual([0, 1]);
  });

  it('tells an edge from the body, on the row pressed', () => {
    const rows = laneRows([seg('a', 10, 30), seg('b', 20, 60)]);
    expect(hitSegment(xOf(10, scale) + 2, 0, rows, scale)).toEqual({ id: 'a', part: 'start' });
    expect(hitSegment(xOf(30, scale) - 3, 0, rows, scale)).toEqual({ id: 'a', part: 'end' });
    expect(hitSegment(xOf(20, scale), 0, rows, scale)).toEqual({ id: 'a', part: 'body' });
    expect(hitSegment(xOf(20, scale), 1, rows, scale)).toEqual({ id: 'b', part: 'start' });
    expect(hitSegment(xOf(45, scale), 1, rows, scale)).toEqual({ id: 'b', part: 'body' });
    expect(hitSegment(xOf(45, scale), 0, rows, scale)).toBeNull();
  });
});

describe('segments lane drags', () => {
  it('makes a new span between press and pointer either way, inside the episode', () => {
    expect(dragSpan({ type: 'create' }, 40, 12, 101)).toEqual({ frame: 12, endFrame: 40 });
    expect(dragSpan({ type: 'create' }, 90, 140, 101)).toEqual({ frame: 90, endFrame: 100 });
  });

  it('moves a span keeping its length, stopping at either end of the episode', () => {
    const move = { type: 'move' as const, span: { frame: 10, endFrame: 30 } };
    expect(dragSpan(move, 20, 35, 101)).toEqual({ frame: 25, endFrame: 45 });
    expect(dragSpan(move, 20, 0, 101)).toEqual({ frame: 0, endFrame: 20 });
    expect(dragSpan(move, 20, 100, 101)).toEqual({ frame: 80, endFrame: 100 });
  });

  it('resizes one edge and never past the other', () => {
    const span = { frame: 10, endFrame: 30 };
    expect(dragSpan({ type: 'resize', edge: 'end', span }, 30, 50, 101)).toEqual({ frame: 10, endFrame: 50 });
    expect(dragSpan({ type: 'resize', edge: 'end', span }, 30, 2, 101)).toEqual({ frame: 10, endFrame: 10 });
    expect(dragSpan({ type: 'resize', edge: 'start', span }, 10, 4, 101)).toEqual({ frame: 4, endFrame: 30 });
    expect(dragSpan({ type: 'resize', edge: 'start', span }, 10, 80, 101)).toEqual({ frame: 30, endFrame: 30 });
  });
});

describe('segment commands', () => {
  it('change the phase or the text as one step each, and refuse what is not a segment', () => {
    const e = new Editor({ length: 100, annotations: [seg('s', 5, 9), { ...seg('p', 0, 0), kind: 'point', geometry: { x: 1, y: 1, role: 'other' } }] });
    const phase = e.run(setSegmentPhase, { id: 's', phase: 'lift' }, 5);
    const text = e.run(setSegmentText, { id: 's', text: 'raise the cup' }, 5);
    expect(isRefusal(phase) || isRefusal(text)).toBe(false);
    expect(e.doc.get('s')).toMatchObject({ frame: 5, endFrame: 9, geometry: { phase: 'lift', text: 'raise the cup' } });
    expect(e.history.canUndo).toBe(true);
    expect(e.takeOutbox().map((o) => (o.type === 'apply' ? o.batch.name : o.type))).toEqual(['setSegmentPhase', 'setSegmentText']);
    // The same text again changes nothing, so nothing is sent.
    e.run(setSegmentText, { id: 's', text: 'raise the cup' }, 5);
    expect(e.takeOutbox()).toEqual([]);
    expect(e.run(setSegmentPhase, { id: 'p', phase: 'lift' }, 0)).toEqual({ refused: 'annotation p is not a segment' });
    expect(isRefusal(e.run(setSegmentText, { id: 's', text: 'x'.repeat(2001) }, 5))).toBe(true);
  });
});
