import { describe, expect, it } from 'vitest';
import { GRIPPER_GEOMETRY, GRIPPER_MAX_OPENING } from './catalog';
import { FINGER_THICKNESS, GRIPPER_HULL_POINTS, gripperHullPoints } from './meshGripper';
import { SimInputError } from './errors';
import { clampAction, stepPhysics, validateAction } from './physics';
import { gripperSolids, hitsObject, objectsCollide } from './physicsBodies';
import { fixtureObject, fixtureScene, move } from './physicsFixtures';
import { restingOn } from './physicsSupport';
import type { Action, SceneState } from './types';

function run(scene: SceneState, actions: Action[]): SceneState {
  return actions.reduce((s, a) => stepPhysics(s, a).scene, scene);
}

function repeat(a: Action, n: number): Action[] {
  return Array.from({ length: n }, () => a);
}

const obj = (scene: SceneState, id: string) => scene.objects.find((o) => o.id === id)!;

/** A 5 cm cube at (0.1, 0) with the open gripper around it at mid-height. */
function cubeInHand(dx = 0, dy = 0, z = 0.025, cubeYaw = 0): SceneState {
  return fixtureScene([fixtureObject('cube', 'cube', 0.1, 0, { size: { sx: 0.05 }, yaw: cubeYaw })], {
    pos: [0.1 + dx, dy, z],
  });
}

/**
 * A 4 cm cube at (0.1, 0) and a second object; the gripper stands at `y`, turned so that its fingers
 * line up along x and the cube (held or pushed) leads when it moves towards +y.
 */
function cubeAndObstacle(obstacle: ReturnType<typeof fixtureObject>, y: number, opening = GRIPPER_MAX_OPENING): SceneState {
  return fixtureScene([fixtureObject('cube', 'cube', 0.1, 0, { size: { sx: 0.04 } }), obstacle], {
    pos: [0.1, y, 0.02],
    yaw: Math.PI / 2,
    opening,
  });
}

describe('grasping', () => {
  it('holds an object between the fingers, closing to its width', () => {
    const s = run(cubeInHand(), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBe('cube');
    expect(s.gripper.opening).toBeCloseTo(0.05, 9);
  });

  it('pulls a slightly off-centre object onto the tool centre', () => {
    const s = run(cubeInHand(0, 0.01), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBe('cube');
    expect(obj(s, 'cube').pos[1]).toBeCloseTo(0.01, 9);
  });

  it('does not hold an object too far off-centre along the closing axis', () => {
    const s = run(cubeInHand(0, 0.02), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBeNull();
    // The fingers stop where the nearer one touches the cube.
    expect(s.gripper.opening).toBeCloseTo(2 * (0.02 + 0.025), 9);
  });

  it('does not hold an object beside the finger pads', () => {
    const s = run(cubeInHand(0.04, 0), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBeNull();
    expect(s.gripper.opening).toBe(0);
  });

  it('does not hold an object when the fingertips are above its grip band', () => {
    const s = run(cubeInHand(0, 0, 0.045), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBeNull();
  });

  it('does not hold a box gripped across its corners', () => {
    const s = run(cubeInHand(0, 0, 0.025, Math.PI / 4), repeat(move(0, 0, 0, 1), 3));
    expect(s.gripper.held).toBeNull();
  });

  it('never picks up a container', () => {
    const scene = fixtureScene([fixtureObject('bowl', 'bowl', 0.1, 0, { size: { sx: 0.06, sz: 0.05 } })], { pos: [0.1, 0, 0.03] });
    expect(run(scene, repeat(move(0, 0, 0, 1), 3)).gripper.held).toBeNull();
  });

  it('brings shut fingers down onto an object, not around or through it', () => {
    const scene = fixtureScene([fixtureObject('cube', 'cube', 0.1, 0, { size: { sx: 0.05 } })], { pos: [0.1, 0, 0.15], opening: 0.03 });
    const s = run(scene, repeat(move(0, 0, -0.05, 1), 5));
    expect(s.gripper.held).toBeNull();
    expect(s.gripper.opening).toBe(0);
    // The fingertips (1.2 cm below the tool centre) rest on the cube's top.
    expect(s.gripper.pos[2]).toBeCloseTo(0.05 + 0.012, 3);
  });
});

describe('carrying and releasing', () => {
  const grasped = () => run(cubeInHand(), repeat(move(0, 0, 0, 1), 3));

  it('carries the held object with the gripper, turning included', () => {
    const s = run(grasped(), [move(0, 0, 0.05, 1), move(0.03, -0.02, 0.01, 1, 0.2)]);
    const cube = obj(s, 'cube');
    expect(cube.pos[0]).toBeCloseTo(0.13, 9);
    expect(cube.pos[1]).toBeCloseTo(-0.02, 9);
    expect(cube.pos[2]).toBeCloseTo(0.06, 9);
    expect(cube.yaw).toBeCloseTo(0.2, 9);
  });

  it('drops a released object onto the table', () => {
    const s = run(grasped(), [move(0, 0, 0.05, 1), move(0, 0, 0, 0)]);
    expect(s.gripper.held).toBeNull();
    expect(obj(s, 'cube').pos[2]).toBe(0);
    expect(restingOn(s, obj(s, 'cube'))).toBe('table');
  });

  it('drops a released object into a container, onto its floor', () => {
    const scene = fixtureScene(
      [fixtureObject('cube', 'cube', 0.1, 0, { size: { sx: 0.04 } }), fixtureObject('bowl', 'bowl', 0.1, 0.2, { size: { sx: 0.16, sz: 0.05 } })],
      { pos: [0.1, 0, 0.02] },
    );
    const s = run(scene, [...repeat(move(0, 0, 0, 1), 3), move(0, 0, 0.05, 1), ...repeat(move(0, 0.05, 0, 1), 4), move(0, 0, 0, 0)]);
    const cube = obj(s, 'cube');
    expect(restingOn(s, cube)).toBe('bowl');
    expect(cube.pos[2]).toBeGreaterThan(0);
    expect(cube.pos[2]).toBeLessThan(0.05);
    expect(objectsCollide(cube, obj(s, 'bowl'))).toBe(false);
  });

  it('drops a released object onto the top of another object', () => {
    const scene = fixtureScene(
      [fixtureObject('cube', 'cube', 0.1, 0, { size: { sx: 0.04 } }), fixtureObject('can', 'can', 0.1, 0.15, { size: { sx: 0.06, sz: 0.1 } })],
      { pos: [0.1, 0, 0.02] },
    );
    const s = run(scene, [...repeat(move(0, 0, 0, 1), 3), ...repeat(move(0, 0, 0.05, 1), 2), ...repeat(move(0, 0.05, 0, 1), 3), move(0, 0, 0, 0)]);
    expect(restingOn(s, obj(s, 'cube'))).toBe('can');
    expect(obj(s, 'cube').pos[2]).toBeCloseTo(0.1, 9);
  });

  it('stops the held object against another object instead of passing through', () => {
    // The can is low enough to pass under the palm, so the held cube is what meets it.
    const scene = cubeAndObstacle(fixtureObject('can', 'can', 0.1, 0.12, { size: { sx: 0.05, sz: 0.08 } }), 0);
    const s = run(scene, [...repeat(move(0, 0, 0, 1), 3), move(0, 0, 0.02, 1), ...repeat(move(0, 0.05, 0, 1), 4)]);
    const cube = obj(s, 'cube');
    expect(s.gripper.held).toBe('cube');
    expect(objectsCollide(cube, obj(s, 'can'))).toBe(false);
    expect(cube.pos[1]).toBeCloseTo(0.12 - 0.025 - 0.02, 2);
    expect(obj(s, 'can').pos).toEqual([0.1, 0.12, 0]);
  });
});

describe('pushing', () => {
  it('pushes a loose object the gripper moves into, and stops it at an obstacle', () => {
    const scene = cubeAndObstacle(fixtureObject('block', 'block', 0.1, 0.2, { size: { sx: 0.08, sy: 0.03, sz: 0.03 } }), -0.06, 0);
    const pushed = run(scene, repeat(move(0, 0.03, 0, 1), 2));
    expect(obj(pushed, 'cube').pos[1]).toBeGreaterThan(0.02);
    const blocked = run(pushed, repeat(move(0, 0.03, 0, 1), 6));
    const cube = obj(blocked, 'cube');
    expect(objectsCollide(cube, obj(blocked, 'block'))).toBe(false);
    expect(cube.pos[1]).toBeCloseTo(0.2 - 0.015 - 0.02, 2);
    expect(obj(blocked, 'block').pos).toEqual([0.1, 0.2, 0]);
    expect(cube.pos[2]).toBe(0);
  });

  it('never pushes a container: the gripper stops at it', () => {
    const scene = fixtureScene([fixtureObject('bowl', 'bowl', 0.1, 0.05, { size: { sx: 0.15 } })], { pos: [0.1, -0.1, 0.02], opening: 0 });
    const s = run(scene, repeat(move(0, 0.04, 0, 1), 4));
    expect(obj(s, 'bowl').pos).toEqual([0.1, 0.05, 0]);
    for (const part of gripperSolids(s.gripper.pos, s.gripper.yaw, s.gripper.opening)) expect(hitsObject(part, obj(s, 'bowl'))).toBe(false);
  });
});

describe('actions', () => {
  it('clamps deltas to the documented limits and thresholds the gripper', () => {
    expect(clampAction([0.2, -0.2, 0.01, 1, 1, -2, 0.7])).toEqual([0.05, -0.05, 0.01, 0, 0, -0.3, 1]);
    expect(clampAction([0, 0, 0, 0, 0, 0, 0.49])[6]).toBe(0);
  });

  it('rejects non-finite and wrongly sized actions by name', () => {
    expect(() => validateAction([0, 0, 0, 0, 0, 0])).toThrow(/7 numbers, got 6/);
    expect(() => validateAction([0, 0, Number.NaN, 0, 0, 0, 0])).toThrow(/action\[2\]/);
    expect(() => validateAction([0, 0, 0, 0, 0, Infinity, 0])).toThrow(SimInputError);
    expect(() => validateAction('forward')).toThrow(SimInputError);
    expect(validateAction(new Float32Array(7))).toHaveLength(7);
  });

  it('keeps the fingertips above the table and the gripper inside the workspace', () => {
    const s = stepPhysics(fixtureScene([], { pos: [0, 0, 0.03] }), move(0, 0, -0.05, 0));
    expect(s.scene.gripper.pos[2]).toBeCloseTo(0.012, 9);
    expect(s.workspaceViolation).toBe(false);
    const out = stepPhysics(fixtureScene([], { pos: [0.39, 0, 0.2] }), move(0.05, 0, 0, 0));
    expect(out.workspaceViolation).toBe(true);
    expect(out.scene.gripper.pos[0]).toBe(0.4);
  });

  it('does not modify the scene it is given', () => {
    const scene = cubeInHand();
    const copy = JSON.stringify(scene);
    stepPhysics(scene, move(0.01, 0, 0, 1));
    expect(JSON.stringify(scene)).toBe(copy);
    expect(scene.gripper.opening).toBe(GRIPPER_MAX_OPENING);
  });
});

describe('gripper geometry', () => {
  it('matches the gripper the renderer draws', () => {
    const g = GRIPPER_GEOMETRY;
    expect(g.fingerThickness).toBe(FINGER_THICKNESS);
    const hull = gripperHullPoints(0.05, new Float64Array(GRIPPER_HULL_POINTS * 3));
    const axis = (k: number) => Array.from({ length: GRIPPER_HULL_POINTS }, (_, i) => hull[3 * i + k]!);
    expect(Math.max(...axis(0))).toBeCloseTo(g.palmHalfDepth, 12);
    expect(Math.max(...axis(1))).toBeCloseTo(g.palmHalfSpan, 12);
    expect(Math.min(...axis(2))).toBeCloseTo(g.fingerBottom, 12);
    expect(Math.max(...axis(2))).toBeCloseTo(g.palmTop, 12);
    expect(axis(2)).toContain(g.fingerTop);
  });
});
