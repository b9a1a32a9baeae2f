import { describe, expect, it } from 'vitest';
import { Editor } from '../editor';
import type { Annotation } from '../types';
import { BoxTool } from './boxTool';
import { PointTool } from './pointTool';
import { SelectTool } from './selectTool';
import type { Tool, ToolContext, ToolEvent } from './tool';
import { TrajectoryTool } from './trajectoryTool';

const box = (id: string): Annotation => ({ id, kind: 'box', camera: 'top', labelId: null, frame: 0, geometry: { x1: 10, y1: 10, x2: 50, y2: 30 } });

function setup(annotations: Annotation[] = []) {
  let n = 0;
  const editor = new Editor({ length: 100, annotations, newId: () => `id${n++}` });
  const ctx: ToolContext = { editor, camera: 'top', frame: 0, labelId: 1, tolerance: 4, image: { width: 640, height: 480 } };
  return { editor, ctx };
}

const down = (x: number, y: number, shift = false): ToolEvent => ({ type: 'pointerdown', p: { x, y }, shift });
const move = (x: number, y: number): ToolEvent => ({ type: 'pointermove', p: { x, y } });
const up = (x: number, y: number): ToolEvent => ({ type: 'pointerup', p: { x, y } });
const key = (k: string): ToolEvent => ({ type: 'key', key: k });
const play = (tool: Tool, ctx: ToolContext, events: ToolEvent[]) => events.forEach((e) => tool.handle(e, ctx));

describe('select tool', () => {
  it('drags a body through pointing and dragging-body into one undo step', () => {
    const { editor, ctx } = setup([box('b1')]);
    const tool = new SelectTool();
    tool.handle(down(30, 20), ctx);
    expect(tool.state).toBe('pointing');
    expect(editor.selection).toEqual(['b1']);
    play(tool, ctx, [move(31, 20), move(40, 25)]);
    expect(tool.state).toBe('dragging-body');
    play(tool, ctx, [move(50, 30), up(50, 30)]);
    expect(tool.state).toBe('idle');
    expect(editor.doc.get('b1')!.geometry).toEqual({ x1: 30, y1: 20, x2: 70, y2: 40 });
    expect(editor.takeOutbox()).toHaveLength(1);
  });

  it('a click without movement selects and changes nothing', () => {
    const { editor, ctx } = setup([box('b1')]);
    play(new SelectTool(), ctx, [down(30, 20), move(31, 20), up(31, 20)]);
    expect(editor.selection).toEqual(['b1']);
    expect(editor.takeOutbox()).toEqual([]);
  });

  it('Escape during a handle drag leaves no trace', () => {
    const { editor, ctx } = setup([box('b1')]);
    const original = structuredClone(editor.doc.all());
    const tool = new SelectTool();
    play(tool, ctx, [down(50, 30), move(60, 40)]);
    expect(tool.state).toBe('dragging-handle');
    expect(editor.doc.get('b1')!.geometry).toMatchObject({ x2: 60, y2: 40 });
    play(tool, ctx, [move(90, 90), key('Escape')]);
    expect(tool.state).toBe('idle');
    expect(editor.doc.all()).toEqual(original);
    expect(editor.takeOutbox()).toEqual([]);
    expect(editor.history.canUndo).toBe(false);
  });

  it('rubber-band selects what it touches; a click on nothing clears the selection', () => {
    const { editor, ctx } = setup([box('b1'), { ...box('b2'), geometry: { x1: 200, y1: 200, x2: 220, y2: 220 } }]);
    const tool = new SelectTool();
    play(tool, ctx, [down(0, 0), move(20, 20)]);
    expect(tool.state).toBe('rubber-band');
    expect(tool.preview()).toHaveLength(1);
    tool.handle(up(100, 100), ctx);
    expect(editor.selection).toEqual(['b1']);
    play(tool, ctx, [down(400, 400), up(400, 400)]);
    expect(editor.selection).toEqual([]);
  });

  it('double-click on a trajectory edge inserts a vertex; Delete then removes a clicked vertex', () => {
    const t: Annotation = { id: 't', kind: 'trajectory', camera: 'top', labelId: null, frame: 0, geometry: { of: 'gripper', points: [{ x: 0, y: 0, frame: 0 }, { x: 100, y: 0, frame: 10 }] } };
    const { editor, ctx } = setup([t]);
    const tool = new SelectTool();
    tool.handle({ type: 'doubleclick', p: { x: 50, y: 1 } }, ctx);
    expect((editor.doc.get('t')!.geometry as { points: unknown[] }).points).toHaveLength(3);
    play(tool, ctx, [down(50, 1), up(50, 1), key('Delete')]);
    expect((editor.doc.get('t')!.geometry as { points: unknown[] }).points).toHaveLength(2);
    play(tool, ctx, [down(0, 0), up(0, 0), key('Delete')]);
    expect(tool.message).toMatch(/at least two vertices/);
  });
});

describe('point tool', () => {
  it('places on press, adjusts while held, and commits one step', () => {
    const { editor, ctx } = setup();
    const tool = new PointTool();
    tool.handle(down(10, 10), ctx);
    expect(tool.state).toBe('placing');
    play(tool, ctx, [move(12, 14), up(12, 14)]);
    expect(tool.state).toBe('idle');
    const [a] = editor.doc.all();
    expect(a).toMatchObject({ kind: 'point', camera: 'top', labelId: 1, frame: 0, geometry: { x: 12, y: 14 } });
    expect(editor.selection).toEqual([a!.id]);
    expect(editor.takeOutbox()).toHaveLength(1);
  });

  it('Escape while placing creates nothing', () => {
    const { editor, ctx } = setup();
    play(new PointTool(), ctx, [down(10, 10), move(20, 20), key('Escape')]);
    expect(editor.doc.size).toBe(0);
    expect(editor.takeOutbox()).toEqual([]);
  });
});

describe('box tool', () => {
  it('goes idle -> pointing -> sizing and creates a normalized, clamped box', () => {
    const { editor, ctx } = setup();
    const tool = new BoxTool();
    tool.handle(down(100, 100), ctx);
    expect(tool.state).toBe('pointing');
    tool.handle(move(90, 90), ctx);
    expect(tool.state).toBe('sizing');
    play(tool, ctx, [move(-20, 50), up(-20, 50)]);
    expect(editor.doc.all()[0]!.geometry).toEqual({ x1: 0, y1: 50, x2: 100, y2: 100 });
    expect(editor.takeOutbox()).toHaveLength(1);
  });

  it('drops a too-small box and a cancelled one', () => {
    const { editor, ctx } = setup();
    const tool = new BoxTool();
    play(tool, ctx, [down(100, 100), move(103, 100), up(103, 101)]);
    expect(tool.message).toMatch(/too small/);
    play(tool, ctx, [down(100, 100), move(150, 150), key('Escape')]);
    expect(tool.state).toBe('idle');
    expect(editor.doc.size).toBe(0);
    expect(editor.takeOutbox()).toEqual([]);
  });
});

describe('trajectory tool', () => {
  it('adds a vertex per click on the current frame and finishes with Enter as one step', () => {
    const { editor, ctx } = setup();
    const tool = new TrajectoryTool();
    tool.handle(down(0, 0), ctx);
    expect(tool.state).toBe('drawing');
    tool.handle(down(10, 0), { ...ctx, frame: 5 });
    tool.handle(down(20, 5), { ...ctx, frame: 9 });
    tool.handle(move(25, 5), ctx);
    expect(tool.preview(ctx).some((o) => o.type === 'line' && o.dash)).toBe(true);
    expect(editor.doc.size).toBe(0);
    tool.handle(key('Enter'), { ...ctx, frame: 9 });
    expect(tool.state).toBe('idle');
    const [a] = editor.doc.all();
    expect((a!.geometry as { points: { frame: number }[] }).points.map((p) => p.frame)).toEqual([0, 5, 9]);
    expect(editor.takeOutbox()).toHaveLength(1);
  });

  it('refuses a click on an earlier frame than the last vertex', () => {
    const { ctx } = setup();
    const tool = new TrajectoryTool();
    tool.handle(down(0, 0), { ...ctx, frame: 10 });
    tool.handle(down(5, 5), { ...ctx, frame: 4 });
    expect(tool.message).toMatch(/must not go backwards/);
    expect(tool.draft!.points).toHaveLength(1);
  });

  it('double-click finishes without a duplicate vertex; Escape leaves nothing', () => {
    const { editor, ctx } = setup();
    const tool = new TrajectoryTool();
    play(tool, ctx, [down(0, 0), down(30, 30), down(30, 30), { type: 'doubleclick', p: { x: 30, y: 30 } }]);
    expect((editor.doc.all()[0]!.geometry as { points: unknown[] }).points).toHaveLength(2);
    play(tool, ctx, [down(0, 0), down(50, 50), key('Escape')]);
    expect(tool.state).toBe('idle');
    expect(editor.doc.size).toBe(1);
  });
});

describe('createTool', () => {
  it('makes each tool idle', async () => {
    const { createTool } = await import('./createTool');
    for (const id of ['select', 'point', 'box', 'trajectory'] as const) {
      const tool = createTool(id);
      expect([tool.id, tool.state]).toEqual([id, 'idle']);
    }
  });
});
