import { describe, expect, it } from 'vitest';
import { ApplyAnnotations } from '../../../../shared/contract/domain';
import type { CalibrationFit } from '../../../../shared/contract/projection';
import { createAnnotation } from '../../../editor/commands';
import { Editor } from '../../../editor/editor';
import { isRefusal } from '../../../editor/types';
import { toApply } from '../../../editor/wire';
import { addClick, clickOps, ClickStore, describeCalibration, framesToClick, projectedTrajectory, px, removeClick, suggestionOps, type Click } from './projectionModel';

const click = (frame: number, x = 10, y = 20, episodeId = 1): Click => ({ episodeId, episodeIndex: episodeId, frame, x, y });

describe('calibration clicks', () => {
  it('keeps one click per frame and episode, the newest, in episode then frame order', () => {
    let clicks = addClick([], click(5));
    clicks = addClick(clicks, click(2));
    clicks = addClick(clicks, click(5, 30, 40));
    clicks = addClick(clicks, click(1, 1, 1, 0));
    expect(clicks.map((c) => [c.episodeId, c.frame, c.x])).toEqual([[0, 1, 1], [1, 2, 10], [1, 5, 30]]);
    expect(removeClick(clicks, 1, 5).map((c) => c.frame)).toEqual([1, 2]);
  });

  it('keeps clicks per dataset and camera and tells subscribers', () => {
    const store = new ClickStore();
    const front = ClickStore.key(1, 'front');
    let told = 0;
    const off = store.subscribe(() => told++);
    store.set(front, [click(3)]);
    expect(store.get(front)).toHaveLength(1);
    expect(store.get(ClickStore.key(1, 'side'))).toEqual([]);
    // The same empty list each time, so useSyncExternalStore sees no change.
    expect(store.get('none')).toBe(store.get('other'));
    off();
    store.set(front, []);
    expect(told).toBe(1);
  });
});

describe('what the panel draws', () => {
  it('draws the suggestion dashed through every frame and marks the kept vertices', () => {
    const path = [0, 1, 2, 3].map((f) => ({ x: 10 * f, y: 5, frame: f }));
    const ops = suggestionOps({ path, points: [path[0]!, path[3]!] }, 3);
    expect(ops[0]).toMatchObject({ type: 'line', points: [0, 5, 10, 5, 20, 5, 30, 5], dash: [6, 4] });
    expect(ops.filter((o) => o.type === 'circle')).toHaveLength(2);
    expect(ops[2]).toMatchObject({ x: 30, radius: 5 });
  });

  it("draws this episode's clicks and, after a fit, where each reprojects", () => {
    const clicks = [click(2, 10, 10), click(4, 50, 50), click(4, 0, 0, 9)];
    const fit = { episodeId: 1, clicks: [{ episodeId: 1, frame: 2, x: 10, y: 10, error: 1, reprojected: { x: 11, y: 10 } }] } as CalibrationFit;
    const ops = clickOps(clicks, 1, 2, fit);
    expect(ops.filter((o) => o.type === 'circle').map((o) => (o.type === 'circle' ? [o.x, o.y] : []))).toEqual([[10, 10], [11, 10], [50, 50]]);
    expect(ops).toContainEqual(expect.objectContaining({ type: 'line', points: [10, 10, 11, 10] }));
    // A click moved after the fit shows no stale reprojection.
    expect(clickOps([click(2, 12, 10)], 1, 2, fit).filter((o) => o.type === 'line')).toEqual([]);
  });
});

describe('accepting a suggestion', () => {
  const points = [
    { x: 10.5, y: 20.25, frame: 4 },
    { x: 30, y: 40, frame: 9 },
    { x: 50, y: 45, frame: 20 },
  ];

  it("becomes one undoable 'projected' trajectory edit whose vertices keep their frames", () => {
    const editor = new Editor({ length: 30 });
    const annotation = projectedTrajectory(editor.newId(), 'front', points);
    const batch = editor.run(createAnnotation, { annotation }, 4);
    expect(isRefusal(batch)).toBe(false);
    const outbox = editor.takeOutbox();
    expect(outbox).toHaveLength(1);
    const item = outbox[0]!;
    if (item.type !== 'apply') throw new Error(`expected an apply, got ${item.type}`);
    const apply = ApplyAnnotations.parse(toApply(item.batch, { episodeId: 7, camera: 'front' }));
    expect(apply.command).toEqual({ name: 'createAnnotation', undoable: true });
    expect(apply.changes).toEqual([
      expect.objectContaining({ op: 'create', kind: 'trajectory', frame: 4, source: 'projected', geometry: { of: 'gripper', points } }),
    ]);
  });

  it('refuses a trajectory of fewer than two vertices', () => {
    expect(() => projectedTrajectory('a', 'front', points.slice(0, 1))).toThrow(/two vertices/);
  });
});

describe('the calibration line', () => {
  it('says where the calibration comes from and how good a fit is', () => {
    const base = { camera: 'front', matrix: null, fit: null, positionDims: [0, 1, 2] as [number, number, number], positionProblem: null, stateDims: [] };
    expect(describeCalibration(null)).toMatch(/Reading/);
    expect(describeCalibration({ ...base, source: 'none' })).toMatch(/Not calibrated: click the gripper tip on 6 or more frames/);
    expect(describeCalibration({ ...base, source: 'dataset' })).toBe('Calibrated by the dataset');
    const fit = { mean: 0.734, max: 1.91, clicks: new Array(8).fill({}) } as CalibrationFit;
    expect(describeCalibration({ ...base, source: 'fitted', fit })).toBe('Fitted by DLT from 8 clicks: mean 0.73 px, max 1.91 px');
    expect(px(Infinity)).toBe('∞');
  });
});

describe('frames to click', () => {
  it('picks the gripper positions farthest apart, in frame order, from the position dims', () => {
    // dims: opening, x, y, z; the gripper goes along x, then up in z at the end.
    const rows = [
      [0, 0, 0, 0],
      [0, 0.1, 0, 0],
      [0, 0.2, 0, 0],
      [0, 0.3, 0, 0],
      [0, 0.3, 0, 0.3],
    ];
    const state = { name: 'state' as const, dims: ['opening', 'x', 'y', 'z'], length: rows.length, values: rows.flat() };
    expect(framesToClick(state, [1, 2, 3], 3)).toEqual([0, 3, 4]);
    expect(framesToClick(state, null)).toEqual([]);
    expect(framesToClick(undefined, [1, 2, 3])).toEqual([]);
  });
});
