import { describe, expect, it } from 'vitest';
import type { TrajectoryGeometry } from '../../../shared/contract/annotations';
import { isRefusal } from '../types';
import { addVertex, deleteVertex, firstBackwardsVertex, insertOnEdge, moveVertex, setVertexFrame, trajectoryUtil } from './trajectory';

const g: TrajectoryGeometry = {
  of: 'gripper',
  points: [
    { x: 0, y: 0, frame: 0 },
    { x: 100, y: 0, frame: 10 },
    { x: 100, y: 100, frame: 20 },
  ],
};
const ok = (r: TrajectoryGeometry | { refused: string }): TrajectoryGeometry => {
  if (isRefusal(r)) throw new Error(r.refused);
  return r;
};

describe('trajectory hit test', () => {
  it('prefers a vertex, then the nearest edge with where it was hit', () => {
    expect(trajectoryUtil.hitTest(g, { x: 99, y: 2 }, 4)).toEqual({ part: 'vertex', index: 1, handle: 'v1' });
    expect(trajectoryUtil.hitTest(g, { x: 50, y: 3 }, 4)).toEqual({ part: 'edge', index: 0, at: { x: 50, y: 0 } });
    expect(trajectoryUtil.hitTest(g, { x: 50, y: 50 }, 4)).toBeNull();
  });
});

describe('trajectory frame order', () => {
  it('appends a vertex on a later or equal frame', () => {
    expect(ok(addVertex(g, { x: 0, y: 100, frame: 20 })).points).toHaveLength(4);
  });
  it('refuses a vertex that would go back in time, saying why', () => {
    const r = addVertex(g, { x: 0, y: 100, frame: 15 });
    expect(isRefusal(r) && r.refused).toMatch(/frame 15 after frame 20/);
  });
  it('inserts on an edge with a frame between its ends', () => {
    const r = ok(insertOnEdge(g, 0, { x: 30, y: 0 }));
    expect(r.points[1]).toEqual({ x: 30, y: 0, frame: 3 });
    expect(firstBackwardsVertex(r.points)).toBe(-1);
  });
  it('refuses setting a frame out of order, accepts one in order', () => {
    expect(isRefusal(setVertexFrame(g, 1, 25))).toBe(true);
    expect(ok(setVertexFrame(g, 1, 12)).points[1]!.frame).toBe(12);
  });
  it('moves a vertex keeping its frame and deletes down to two vertices only', () => {
    expect(ok(moveVertex(g, 2, { x: 5, y: 6 })).points[2]).toEqual({ x: 5, y: 6, frame: 20 });
    const two = ok(deleteVertex(g, 1));
    expect(two.points.map((p) => p.frame)).toEqual([0, 20]);
    expect(isRefusal(deleteVertex(two, 0))).toBe(true);
  });
  it('drags a vertex handle and moves the whole trace', () => {
    expect(trajectoryUtil.dragHandle(g, 'v0', { x: 1, y: 1 }).points[0]).toEqual({ x: 1, y: 1, frame: 0 });
    expect(trajectoryUtil.move(g, 1, 1).points[2]).toEqual({ x: 101, y: 101, frame: 20 });
  });
});

describe('trajectory validate and render', () => {
  it('reports vertices beyond the episode, outside the image and backwards', () => {
    const bad: TrajectoryGeometry = { of: 'object', points: [{ x: 0, y: 0, frame: 50 }, { x: 900, y: 0, frame: 40 }] };
    const issues = trajectoryUtil.validate(bad, { width: 640, height: 480, length: 45 });
    expect(issues.join('\n')).toMatch(/beyond the episode's 45 frames/);
    expect(issues.join('\n')).toMatch(/outside the 640x480 image/);
    expect(issues.join('\n')).toMatch(/before the previous vertex's frame 50/);
    expect(trajectoryUtil.validate(trajectoryUtil.create({ x: 1, y: 1 }, { frame: 0 }), { width: 9, height: 9, length: 9 })[0]).toMatch(/two vertices/);
  });
  it('draws direction arrows per edge and highlights the current frame vertex', () => {
    const ops = trajectoryUtil.render(g, { color: '#0f0', selected: false, scale: 1, currentFrame: 10 });
    expect(ops.filter((o) => o.type === 'arrow')).toHaveLength(2);
    const circles = ops.filter((o) => o.type === 'circle');
    expect(circles.filter((c) => c.type === 'circle' && c.highlight).map((c) => c.type === 'circle' && c.x)).toEqual([100]);
  });
});
