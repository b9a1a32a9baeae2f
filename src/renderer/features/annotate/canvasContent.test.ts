import { describe, expect, it } from 'vitest';
import type { CanvasPointerEvent } from '../../canvas/input';
import { createPointerTranslator, paletteOf, UNLABELLED_COLOR } from './canvasContent';

const press = (x: number, y: number, button = 0): CanvasPointerEvent => ({ type: 'down', x, y, button, shiftKey: false, altKey: false, ctrlKey: false });

describe('canvas input for tools', () => {
  it('adds a double-click to a second quick press in the same place only', () => {
    let t = 0;
    const translate = createPointerTranslator(() => t);
    expect(translate(press(10, 10), 2).map((e) => e.type)).toEqual(['pointerdown']);
    t = 100;
    expect(translate(press(11, 10), 2).map((e) => e.type)).toEqual(['pointerdown', 'doubleclick']);
    t = 200;
    expect(translate(press(30, 10), 2).map((e) => e.type)).toEqual(['pointerdown']);
    t = 1000;
    expect(translate(press(30, 10), 2).map((e) => e.type)).toEqual(['pointerdown']);
  });

  it('leaves other buttons to the canvas and turns a lost pointer into Escape', () => {
    const translate = createPointerTranslator(() => 0);
    expect(translate(press(1, 1, 2), 1)).toEqual([]);
    expect(translate({ ...press(1, 1), type: 'cancel' }, 1)).toEqual([{ type: 'key', key: 'Escape' }]);
  });

  it('colours shapes by their label class', () => {
    const palette = paletteOf([{ id: 3, name: 'cup', color: '#ff0000', description: '', createdAt: 0, usage: 0 }]);
    expect(palette.colorOf(3)).toBe('#ff0000');
    expect(palette.nameOf(3)).toBe('cup');
    expect(palette.colorOf(null)).toBe(UNLABELLED_COLOR);
  });
});
