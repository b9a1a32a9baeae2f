import { describe, expect, it } from 'vitest';
import { projectPoint } from './projection';
import { TABLE_CAMERA } from './testing';
import { simplifyTrajectory, trajectoryFromStates, type TrajectoryPoint } from './trajectory';

const states = Array.from({ length: 20 }, (_, i) => [0.01 * i, -0.005 * i, 0.2 - 0.008 * i, 0, 0, 0, 0.04]);

describe('trajectoryFromStates', () => {
  it('projects the end-effector from a frame to the end, keeping the last frame', () => {
    const path = trajectoryFromStates(states, TABLE_CAMERA, 5, 4);
    expect(path.map((p) => p.frame)).toEqual([5, 9, 13, 17, 19]);
    const q = projectPoint(TABLE_CAMERA, [0.09, -0.045, 0.2 - 0.072]);
    expect(path[1]!.x).toBeCloseTo(q.x, 10);
    expect(path[1]!.y).toBeCloseTo(q.y, 10);
    expect(trajectoryFromStates(states, TABLE_CAMERA)).toHaveLength(20);
  });

  it('leaves out positions behind the camera and rejects bad arguments', () => {
    const behind = [[-2, 0, 2], ...states];
    expect(trajectoryFromStates(behind, TABLE_CAMERA)[0]!.frame).toBe(1);
    expect(() => trajectoryFromStates(states, TABLE_CAMERA, 0, 0)).toThrow(/stride/);
    expect(() => trajectoryFromStates(states, TABLE_CAMERA, -1)).toThrow(/fromFrame/);
  });
});

describe('simplifyTrajectory', () => {
  const corner: TrajectoryPoint[] = [
    ...Array.from({ length: 10 }, (_, i) => ({ x: i * 10, y: 0, frame: i })),
    ...Array.from({ length: 10 }, (_, i) => ({ x: 90, y: (i + 1) * 10, frame: 10 + i })),
  ];

  it('keeps the corners of a polyline with the true frames', () => {
    expect(simplifyTrajectory(corner, 6)).toEqual([corner[0], corner[9], corner[19]]);
  });

  it('respects the budget on a curve', () => {
    const arc = Array.from({ length: 100 }, (_, i) => ({ x: 100 * Math.cos(i / 30), y: 100 * Math.sin(i / 30), frame: i }));
    const simple = simplifyTrajectory(arc, 7);
    expect(simple).toHaveLength(7);
    expect(simple[0]).toBe(arc[0]);
    expect(simple[6]).toBe(arc[99]);
    expect(simplifyTrajectory(arc.slice(0, 2))).toHaveLength(2);
    expect(() => simplifyTrajectory(arc, 1)).toThrow(/at least 2/);
  });
});
