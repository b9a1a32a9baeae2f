import { describe, expect, it } from 'vitest';
import type { TrackGeometry } from '../../shared/contract/annotations';
import { moveAnnotation, setKeyframe } from './commands';
import { Editor } from './editor';
import { applyTracking, trackableFrames, trackStart, type TrackedStep } from './trackCommands';
import { toApply } from './wire';
import { isRefusal, type Annotation } from './types';

const box = (id: string, frame = 5): Annotation => ({ id, kind: 'box', camera: 'front', labelId: 1, frame, geometry: { x1: 10, y1: 10, x2: 50, y2: 30 }, source: 'manual', updatedAt: 1 });
const point = (id: string, frame = 5): Annotation => ({ id, kind: 'point', camera: 'front', labelId: null, frame, geometry: { x: 20, y: 20, role: 'grasp' }, source: 'manual', updatedAt: 1 });

function make(annotations: Annotation[]) {
  let n = 0;
  return new Editor({ length: 100, annotations, newId: () => `id${n++}` });
}

/** The box moved right by 2 px per frame, from `start` in `sign` direction. */
const boxSteps = (start: number, count: number, sign = 1): TrackedStep[] =>
  Array.from({ length: count }, (_, i) => ({
    frame: start + sign * (i + 1),
    value: { x1: 10 + 2 * (i + 1), y1: 10, x2: 50 + 2 * (i + 1), y2: 30 },
    confidence: 0.9 - i * 0.01,
  }));

const keyframesOf = (e: Editor, id: string) => (e.doc.get(id)!.geometry as TrackGeometry).keyframes;

describe('applyTracking', () => {
  it('turns a box into a track: its own keyframe plus one tracked keyframe per frame, in one undoable batch', () => {
    const e = make([box('b1')]);
    const batch = e.run(applyTracking, { id: 'b1', start: 5, direction: 'forward', frames: 3, steps: boxSteps(5, 3) }, 5);
    expect(isRefusal(batch)).toBe(false);
    const keyframes = keyframesOf(e, 'b1');
    expect(keyframes.map((k) => [k.frame, k.source])).toEqual([[5, 'manual'], [6, 'tracked'], [7, 'tracked'], [8, 'tracked']]);
    expect(keyframes[1]).toMatchObject({ value: { x1: 12, x2: 52 }, confidence: 0.9 });
    const out = e.takeOutbox();
    expect(out).toHaveLength(1);
    // One annotations.apply: the row is replaced under its id, so the backend keeps the keyframes' sources.
    const item = out[0]!;
    if (item.type !== 'apply') throw new Error('expected an apply');
    const apply = toApply(item.batch, { episodeId: 3, camera: 'front' });
    expect(apply.command).toEqual({ name: 'trackShape', undoable: true });
    expect(apply.changes.map((c) => c.op)).toEqual(['delete', 'create']);
    expect(apply.changes[1]).toMatchObject({ id: 'b1', isTrack: true, frame: 5, source: 'manual', labelId: 1 });
    expect((apply.changes[1] as { geometry: TrackGeometry }).geometry.keyframes.filter((k) => k.source === 'tracked')).toHaveLength(3);
    // Undone locally, the box is a single-frame box again.
    e.undo();
    expect(e.doc.get('b1')!.geometry).toEqual({ x1: 10, y1: 10, x2: 50, y2: 30 });
  });

  it('tracks backward and keeps a point its role', () => {
    const e = make([point('p1', 20)]);
    const steps: TrackedStep[] = [19, 18].map((frame, i) => ({ frame, value: { x: 20 - i - 1, y: 20, role: 'grasp' }, confidence: 0.8 }));
    e.run(applyTracking, { id: 'p1', start: 20, direction: 'backward', frames: 2, steps }, 20);
    const keyframes = keyframesOf(e, 'p1');
    expect(keyframes.map((k) => k.frame)).toEqual([18, 19, 20]);
    expect(keyframes[0]!.value).toEqual({ x: 18, y: 20, role: 'grasp' });
  });

  it('never overwrites a keyframe a person set: tracking ends before it', () => {
    const e = make([box('b1')]);
    e.run(setKeyframe, { id: 'b1', frame: 8 }, 8);
    e.run(moveAnnotation, { ids: ['b1'], dx: 30, dy: 0, frame: 8 }, 8);
    const a = e.doc.get('b1')!;
    expect(trackableFrames(a, 5, 'forward', 30, 100)).toBe(2);
    e.run(applyTracking, { id: 'b1', start: 5, direction: 'forward', frames: 5, steps: boxSteps(5, 5) }, 5);
    const keyframes = keyframesOf(e, 'b1');
    expect(keyframes.map((k) => [k.frame, k.source])).toEqual([[5, 'manual'], [6, 'tracked'], [7, 'tracked'], [8, 'manual']]);
    expect(keyframes[3]!.value).toMatchObject({ x1: 40 });
  });

  it('re-tracking replaces the earlier automatic keyframes of the stretch, also past where the new run stopped', () => {
    const e = make([box('b1')]);
    e.run(applyTracking, { id: 'b1', start: 5, direction: 'forward', frames: 6, steps: boxSteps(5, 6) }, 5);
    // The person corrects frame 7, then tracks again from there; the new run stops after one frame.
    e.run(moveAnnotation, { ids: ['b1'], dx: 0, dy: 5, frame: 7 }, 7);
    expect(keyframesOf(e, 'b1').find((k) => k.frame === 7)!.source).toBe('manual');
    e.run(applyTracking, { id: 'b1', start: 7, direction: 'forward', frames: 30, steps: boxSteps(7, 1) }, 7);
    expect(keyframesOf(e, 'b1').map((k) => [k.frame, k.source])).toEqual([[5, 'manual'], [6, 'tracked'], [7, 'manual'], [8, 'tracked']]);
  });

  it('starts a track from an in-between value as a machine-made keyframe', () => {
    const e = make([box('b1')]);
    e.run(setKeyframe, { id: 'b1', frame: 15 }, 15);
    e.run(applyTracking, { id: 'b1', start: 10, direction: 'forward', frames: 1, steps: boxSteps(10, 1) }, 10);
    expect(keyframesOf(e, 'b1').map((k) => [k.frame, k.source])).toEqual([[5, 'manual'], [10, 'tracked'], [11, 'tracked'], [15, 'manual']]);
  });

  it('refuses what cannot be tracked, changing nothing', () => {
    const e = make([box('b1'), { id: 's1', kind: 'segment', camera: null, labelId: null, frame: 0, endFrame: 9, geometry: { phase: 'grasp', text: '' } }]);
    const refused = (args: Parameters<typeof applyTracking.perform>[1]) => {
      const r = e.run(applyTracking, args, 0);
      return isRefusal(r) ? r.refused : null;
    };
    expect(refused({ id: 'b1', start: 6, direction: 'forward', frames: 3, steps: boxSteps(6, 3) })).toMatch(/on frame 5; go there/);
    expect(refused({ id: 's1', start: 0, direction: 'forward', frames: 3, steps: boxSteps(0, 3) })).toMatch(/segment cannot be tracked/);
    expect(refused({ id: 'b1', start: 5, direction: 'forward', frames: 3, steps: [] })).toMatch(/nothing was tracked/);
    expect(refused({ id: 'nope', start: 5, direction: 'forward', frames: 3, steps: boxSteps(5, 3) })).toMatch(/select one point or box/);
    expect(e.doc.get('b1')!.geometry).toEqual({ x1: 10, y1: 10, x2: 50, y2: 30 });
    expect(e.takeOutbox()).toEqual([]);
  });

  it('trackStart gives the value shown on the frame, and trackableFrames stops at the episode edge', () => {
    expect(trackStart(box('b1'), 5)).toEqual({ kind: 'box', value: { x1: 10, y1: 10, x2: 50, y2: 30 } });
    expect(trackableFrames(box('b1', 95), 95, 'forward', 30, 100)).toBe(4);
    expect(trackableFrames(box('b1', 3), 3, 'backward', 30, 100)).toBe(3);
  });
});
