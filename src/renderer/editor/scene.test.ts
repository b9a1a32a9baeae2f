import { describe, expect, it } from 'vitest';
import { Editor } from './editor';
import { sceneAt } from './scene';
import type { Annotation } from './types';

describe('sceneAt', () => {
  it('draws what is visible on the frame, tracks at their value there, selected last', () => {
    const track: Annotation = {
      id: 't',
      kind: 'box',
      camera: 'top',
      labelId: 1,
      frame: 0,
      geometry: {
        keyframes: [
          { frame: 0, value: { x1: 0, y1: 0, x2: 10, y2: 10 }, source: 'manual' },
          { frame: 10, value: { x1: 10, y1: 0, x2: 20, y2: 10 }, source: 'manual' },
        ],
      },
    };
    const other: Annotation = { id: 'p', kind: 'point', camera: 'top', labelId: null, frame: 5, geometry: { x: 1, y: 1, role: 'other' } };
    const seg: Annotation = { id: 's', kind: 'segment', camera: null, labelId: null, frame: 0, endFrame: 9, geometry: { phase: 'grasp', text: '' } };
    const editor = new Editor({ length: 20, annotations: [track, other, seg] });
    editor.select(['t']);
    const scene = sceneAt(editor, { camera: 'top', frame: 5, scale: 1, colorOf: () => '#f00', nameOf: () => undefined });
    expect(scene.map((i) => i.id)).toEqual(['p', 't']);
    expect(scene[1]!.keyframe).toBe(false);
    expect(scene[1]!.ops[0]).toMatchObject({ type: 'rect', x: 5, width: 10 });
    expect(sceneAt(editor, { camera: 'top', frame: 10, scale: 1, colorOf: () => '#f00', nameOf: () => undefined })[0]!.keyframe).toBe(true);
  });
});
