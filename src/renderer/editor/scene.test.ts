import { describe, expect, it } from 'vitest';
import { Editor } from './editor';
import { sceneAt } from './scene';
import { boxTrack } from './testing';
import type { Annotation, DrawOp } from './types';

describe('sceneAt', () => {
  it('draws what is visible on the frame, tracks at their value there, selected last', () => {
    const track = boxTrack([
      { frame: 0, value: { x1: 0, y1: 0, x2: 10, y2: 10 }, source: 'manual' },
      { frame: 10, value: { x1: 10, y1: 0, x2: 20, y2: 10 }, source: 'manual' },
    ]);
    const other: Annotation = { id: 'p', kind: 'point', camera: 'top', labelId: null, frame: 5, geometry: { x: 1, y: 1, role: 'other' } };
    const seg: Annotation = { id: 's', kind: 'segment', camera: null, labelId: null, frame: 0, endFrame: 9, geometry: { phase: 'grasp', text: '' } };
    const editor = new Editor({ length: 20, annotations: [track, other, seg] });
    editor.select(['t']);
    const scene = sceneAt(editor, { camera: 'top', frame: 5, scale: 1, colorOf: () => '#f00', nameOf: () => undefined });
    expect(scene.map((i) => i.id)).toEqual(['p', 't']);
    expect(scene[1]!.keyframe).toBe(false);
    expect(scene[1]!.ops[0]).toMatchObject({ type: 'line', points: [5, 0, 15, 0, 15, 10, 5, 10, 5, 0] });
    expect(sceneAt(editor, { camera: 'top', frame: 10, scale: 1, colorOf: () => '#f00', nameOf: () => undefined })[0]!.keyframe).toBe(true);
  });

  it('marks every automatic value and draws interpolated ones dashed, or not at all when asked', () => {
    const track = boxTrack([
      { frame: 0, value: { x1: 0, y1: 0, x2: 10, y2: 10 }, source: 'manual' },
      { frame: 10, value: { x1: 10, y1: 0, x2: 20, y2: 10 }, source: 'tracked' },
    ]);
    const projected: Annotation = { id: 'p', kind: 'point', camera: 'top', labelId: null, frame: 5, geometry: { x: 1, y: 1, role: 'other' }, source: 'projected' };
    const editor = new Editor({ length: 20, annotations: [track, projected] });
    const at = (frame: number, showInterpolated = true) =>
      sceneAt(editor, { camera: 'top', frame, scale: 1, colorOf: () => '#f00', nameOf: () => 'cup', showInterpolated });
    const texts = (item: { ops: DrawOp[] }) => item.ops.flatMap((o) => (o.type === 'text' ? [o.text] : []));

    const [mid, point] = [at(5).find((i) => i.id === 't')!, at(5).find((i) => i.id === 'p')!];
    expect(mid.mark).toBe('interpolated');
    expect(texts(mid)).toEqual(['cup · interp.']);
    expect(mid.ops[0]).toMatchObject({ type: 'line', dash: [6, 5], points: [5, 0, 15, 0, 15, 10, 5, 10, 5, 0] });
    expect(point.mark).toBe('projected');
    expect(texts(point)).toEqual(['cup · projected']);

    const first = at(0)[0]!;
    expect(first.mark).toBe('manual');
    expect(texts(first)).toEqual(['cup']);
    expect(first.ops[0]).toMatchObject({ type: 'rect' });
    expect(texts(at(10)[0]!)).toEqual(['cup · tracked']);

    expect(at(5, false).map((i) => i.id)).toEqual(['p']);
    editor.select(['t']);
    // The selected track stays drawn, so it can still be edited on an interpolated frame.
    expect(at(5, false).map((i) => i.id)).toEqual(['p', 't']);
  });
});
