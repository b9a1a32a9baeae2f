import { describe, expect, it } from 'vitest';
import type { TaskSpec } from './contracts';
import { SimInputError } from './errors';
import { cavityRest, objectFootprint } from './physicsBodies';
import { fixtureObject, fixtureScene } from './physicsFixtures';
import { NEAR_GOAL_GAP, checkFamily, goalPoint, taskSuccess } from './tasks';
import type { SceneState, SimObject } from './types';
import { separation } from './physicsShapes';

const notLifted = { targetLifted: false };

function withTarget(target: SimObject, others: SimObject[], held = false): SceneState {
  return fixtureScene([target, ...others], held ? { held: target.id, pos: [target.pos[0], target.pos[1], target.pos[2] + 0.02], opening: 0.05 } : {});
}

describe('pick', () => {
  const task: TaskSpec = { family: 'pick', targetId: 't', referenceId: null, side: null };
  const cube = (z: number) => fixtureObject('t', 'cube', 0.1, 0, { z, size: { sx: 0.04 } });

  it('succeeds when the target is held more than 5 cm above the table', () => {
    expect(taskSuccess(task, withTarget(cube(0.06), [], true), notLifted)).toBe(true);
  });

  it('fails when held but too low, or high but not held', () => {
    expect(taskSuccess(task, withTarget(cube(0.04), [], true), notLifted)).toBe(false);
    expect(taskSuccess(task, withTarget(cube(0.06), [], false), notLifted)).toBe(false);
    expect(taskSuccess(task, withTarget(cube(0), [], false), notLifted)).toBe(false);
  });
});

describe('place', () => {
  const task: TaskSpec = { family: 'place', targetId: 't', referenceId: 'bowl', side: null };
  const bowl = fixtureObject('bowl', 'bowl', 0.1, 0.1, { size: { sx: 0.16, sz: 0.05 } });
  const inBowl = () => {
    const t = fixtureObject('t', 'cube', 0.1, 0.1, { size: { sx: 0.04 } });
    t.pos[2] = cavityRest(objectFootprint(t), bowl)!;
    return t;
  };

  it('succeeds when the target rests in the container', () => {
    expect(taskSuccess(task, withTarget(inBowl(), [bowl]), notLifted)).toBe(true);
  });

  it('succeeds on a plate, resting on its surface', () => {
    const plate = fixtureObject('bowl', 'plate', 0.1, 0.1, { size: { sx: 0.17, sz: 0.02 } });
    const t = fixtureObject('t', 'can', 0.12, 0.1, { z: 0.02 * 0.35 });
    expect(taskSuccess(task, withTarget(t, [plate]), notLifted)).toBe(true);
  });

  it('fails beside the container, still held above it, or floating over it', () => {
    expect(taskSuccess(task, withTarget(fixtureObject('t', 'cube', 0.1, -0.05), [bowl]), notLifted)).toBe(false);
    const held = inBowl();
    held.pos[2] = 0.08;
    expect(taskSuccess(task, withTarget(held, [bowl], true), notLifted)).toBe(false);
    expect(taskSuccess(task, withTarget(held, [bowl], false), notLifted)).toBe(false);
  });
});

describe('near', () => {
  const task: TaskSpec = { family: 'near', targetId: 't', referenceId: 'r', side: null };
  const ref = fixtureObject('r', 'can', 0.1, 0, { size: { sx: 0.06 } });
  const at = (y: number, z = 0) => fixtureObject('t', 'cube', 0.1, y, { z, size: { sx: 0.04 } });

  it('succeeds on the table within the gap band', () => {
    expect(taskSuccess(task, withTarget(at(0.03 + 0.02 + 0.05), [ref]), notLifted)).toBe(true);
    expect(taskSuccess(task, withTarget(at(0.03 + 0.02 + 0.001), [ref]), notLifted)).toBe(true);
  });

  it('fails too far away, while held, or resting on something else', () => {
    expect(taskSuccess(task, withTarget(at(0.03 + 0.02 + 0.15), [ref]), notLifted)).toBe(false);
    expect(taskSuccess(task, withTarget(at(0.1, 0.03), [ref], true), notLifted)).toBe(false);
    const stand = fixtureObject('s', 'cube', 0.1, 0.1, { size: { sx: 0.05 } });
    expect(taskSuccess(task, withTarget(at(0.1, 0.05), [ref, stand]), notLifted)).toBe(false);
  });

  it('puts its goal point NEAR_GOAL_GAP from the reference, towards the target', () => {
    const scene = withTarget(at(0.3), [ref]);
    const goal = goalPoint(task, scene)!;
    expect(goal[0]).toBeCloseTo(0.1, 9);
    expect(goal[1]).toBeGreaterThan(0);
    const t = scene.objects[0]!;
    expect(separation(objectFootprint(t, goal[0], goal[1]), objectFootprint(ref))).toBeCloseTo(NEAR_GOAL_GAP, 6);
  });
});

describe('push', () => {
  const left: TaskSpec = { family: 'push', targetId: 't', referenceId: 'r', side: 'left' };
  const right: TaskSpec = { ...left, side: 'right' };
  const ref = fixtureObject('r', 'can', 0.1, 0, { size: { sx: 0.06 } });
  // +y is left as the front camera sees it.
  const at = (x: number, y: number) => fixtureObject('t', 'cube', x, y, { size: { sx: 0.04 } });

  it('succeeds on the requested side, level with the reference', () => {
    expect(taskSuccess(left, withTarget(at(0.12, 0.1), [ref]), notLifted)).toBe(true);
    expect(taskSuccess(right, withTarget(at(0.08, -0.1), [ref]), notLifted)).toBe(true);
  });

  it('fails on the other side, not level, too far, too close, or after a lift', () => {
    expect(taskSuccess(right, withTarget(at(0.12, 0.1), [ref]), notLifted)).toBe(false);
    expect(taskSuccess(left, withTarget(at(0.2, 0.1), [ref]), notLifted)).toBe(false);
    expect(taskSuccess(left, withTarget(at(0.1, 0.3), [ref]), notLifted)).toBe(false);
    expect(taskSuccess(left, withTarget(at(0.1, 0.055), [ref]), notLifted)).toBe(false);
    expect(taskSuccess(left, withTarget(at(0.12, 0.1), [ref]), { targetLifted: true })).toBe(false);
  });

  it('puts its goal point beside the reference on the requested side', () => {
    const g = goalPoint(left, withTarget(at(0.3, 0), [ref]))!;
    expect(g[0]).toBeCloseTo(0.1, 9);
    expect(g[1]).toBeCloseTo(0.03 + 0.02 + 0.04, 9);
    expect(goalPoint(right, withTarget(at(0.3, 0), [ref]))![1]).toBeCloseTo(-0.09, 9);
  });
});

describe('bad input', () => {
  it('names an unknown family or a missing object', () => {
    expect(() => checkFamily('stack')).toThrow(/unknown task family "stack"/);
    const task: TaskSpec = { family: 'pick', targetId: 'ghost', referenceId: null, side: null };
    expect(() => taskSuccess(task, fixtureScene([]), notLifted)).toThrow(SimInputError);
    expect(() => taskSuccess(task, fixtureScene([]), notLifted)).toThrow(/ghost/);
  });
});
