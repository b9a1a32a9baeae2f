import { describe, expect, it } from 'vitest';
import type { DrawOp } from '../editor/types';
import { compileDrawList, paintDrawList, type Paint2D } from './drawList';
import { handleSpec, toNodeSpec } from './konvaNodes';
import type { Viewport } from './viewport';

/** Records every call and property write so the painter's output can be asserted without a canvas. */
function recorder() {
  const calls: Array<[string, ...unknown[]]> = [];
  const target: Record<string, unknown> = {};
  const ctx = new Proxy(target, {
    get: (_, name: string) => (name in target ? target[name] : (...args: unknown[]) => calls.push([name, ...args])),
    set: (_, name: string, value) => {
      calls.push([`=${name}`, value]);
      return true;
    },
  }) as unknown as Paint2D;
  return { ctx, calls, named: (name: string) => calls.filter((c) => c[0] === name) };
}

const ops: DrawOp[] = [
  { type: 'line', points: [0, 0, 10, 0, 10, 10], stroke: 'red', width: 2 },
  { type: 'rect', x: 5, y: 5, width: 10, height: 20, stroke: 'red', strokeWidth: 2 },
  { type: 'rect', x: 0, y: 0, width: 4, height: 4, stroke: 'blue', strokeWidth: 1, fill: 'rgba(0,0,255,.2)' },
  { type: 'circle', x: 3, y: 4, radius: 5, stroke: '#000', fill: 'lime' },
  { type: 'circle', x: 6, y: 4, radius: 5, stroke: '#000', fill: 'lime', highlight: true },
  { type: 'arrow', from: { x: 0, y: 0 }, to: { x: 10, y: 0 }, color: 'red', size: 8 },
  { type: 'text', x: 1, y: 2, text: 'cup', color: 'red' },
];

describe('compileDrawList', () => {
  it('groups ops by style', () => {
    const list = compileDrawList(ops);
    expect(list.size).toBe(7);
    expect([...list.strokes.keys()]).toEqual(['red|2|', 'blue|1|']);
    expect(list.strokes.get('red|2|')!.lines).toHaveLength(1);
    expect(list.strokes.get('red|2|')!.rects).toEqual([5, 5, 10, 20]);
    expect(list.fills.get('rgba(0,0,255,.2)')).toEqual([0, 0, 4, 4]);
    expect(list.circles.size).toBe(2);
    expect(list.arrows.get('red')).toEqual([0, 0, 10, 0, 8]);
    expect(list.texts).toEqual([{ x: 1, y: 2, text: 'cup', color: 'red' }]);
  });

  it('drops degenerate lines', () => {
    expect(compileDrawList([{ type: 'line', points: [1, 1], stroke: 'x', width: 1 }]).strokes.size).toBe(0);
  });
});

describe('paintDrawList', () => {
  const v: Viewport = { scale: 2, x: 100, y: 50 };
  const view = { width: 800, height: 600 };

  it('strokes each polyline, each style’s rects and each circle group once, on screen', () => {
    const { ctx, named, calls } = recorder();
    paintDrawList(ctx, compileDrawList(ops), v, view);
    // red line, red rects, blue rects, two circle groups with a black ring
    expect(named('stroke').length).toBe(5);
    expect(named('moveTo')[0]).toEqual(['moveTo', 100, 50]);
    expect(named('lineTo')[0]).toEqual(['lineTo', 120, 50]);
    expect(named('rect')).toContainEqual(['rect', 110, 60, 20, 40]);
    expect(named('fillRect')).toEqual([['fillRect', 100, 50, 8, 8]]);
    // Widths and radii are screen pixels: the 2× zoom moves shapes but does not thicken them.
    expect(calls).toContainEqual(['=lineWidth', 2]);
    expect(named('arc')[0]).toEqual(['arc', 106, 58, 5, 0, Math.PI * 2]);
    expect(named('fillText')).toEqual([['fillText', 'cup', 102, 54]]);
    // Outlined first, so the label reads on a frame of its own colour.
    expect(named('strokeText')).toEqual([['strokeText', 'cup', 102, 54]]);
  });

  it('leaves out arrowheads on edges too short to show them, and fills same-colour rings as discs', () => {
    const { ctx, named } = recorder();
    const dense: DrawOp[] = [
      { type: 'arrow', from: { x: 0, y: 0 }, to: { x: 5, y: 0 }, color: 'red', size: 8 },
      { type: 'circle', x: 10, y: 10, radius: 3, stroke: 'red', fill: 'red' },
    ];
    paintDrawList(ctx, compileDrawList(dense), v, view);
    expect(named('lineTo')).toHaveLength(0);
    expect(named('arc')).toEqual([['arc', 120, 70, 3.5, 0, Math.PI * 2]]);
    expect(named('stroke')).toHaveLength(0);
  });

  it('skips shapes outside the view', () => {
    const { ctx, named } = recorder();
    const far: DrawOp[] = [
      { type: 'line', points: [5000, 5000, 5100, 5100], stroke: 'red', width: 2 },
      { type: 'circle', x: -900, y: 0, radius: 3, fill: 'red' },
    ];
    paintDrawList(ctx, compileDrawList(far), v, view);
    expect(named('moveTo')).toHaveLength(0);
    expect(named('arc')).toHaveLength(0);
  });
});

describe('toNodeSpec', () => {
  const v: Viewport = { scale: 4, x: 10, y: 20 };

  it('maps positions to the screen and keeps sizes in screen pixels', () => {
    expect(toNodeSpec(ops[0]!, v)).toEqual({ shape: 'line', points: [10, 20, 50, 20, 50, 60], stroke: 'red', strokeWidth: 2 });
    expect(toNodeSpec(ops[1]!, v)).toMatchObject({ shape: 'rect', x: 30, y: 40, width: 40, height: 80, strokeWidth: 2 });
    expect(toNodeSpec(ops[4]!, v)).toMatchObject({ shape: 'circle', x: 34, y: 36, radius: 5, strokeWidth: 2, fill: 'lime' });
    expect(toNodeSpec(ops[5]!, v)).toMatchObject({ shape: 'arrow', points: [10, 20, 50, 20], pointerLength: 8 });
    expect(toNodeSpec(ops[6]!, v)).toMatchObject({ shape: 'text', x: 14, y: 28 - 12 * 0.8, text: 'cup', fill: 'red' });
  });

  it('centres handle squares on their point', () => {
    const spec = handleSpec({ id: 'nw', x: 1, y: 1 }, v);
    expect(spec).toMatchObject({ shape: 'rect', x: 14 - 4.5, y: 24 - 4.5, width: 9, height: 9 });
  });
});
