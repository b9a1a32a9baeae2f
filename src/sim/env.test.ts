import { describe, expect, it } from 'vitest';
import { TASK_FAMILIES } from './contracts';
import { TabletopEnv } from './env';
import { SimInputError } from './errors';
import { newExpertEpisode } from './expert';
import { gripperSolids, hitsObject, objectsCollide } from './physicsBodies';
import { move } from './physicsFixtures';
import { Rng } from './rng';
import type { Action, SceneState } from './types';

function expectNoInterpenetration(scene: SceneState): void {
  const g = scene.gripper;
  const parts = gripperSolids(g.pos, g.yaw, g.opening);
  for (const o of scene.objects) {
    expect(o.pos[2]).toBeGreaterThanOrEqual(-1e-9);
    for (const p of scene.objects) if (p !== o) expect(objectsCollide(o, p)).toBe(false);
    if (o.id !== g.held) for (const part of parts) expect(hitsObject(part, o)).toBe(false);
  }
  expect(parts[0]!.z0).toBeGreaterThanOrEqual(-1e-9);
}

describe('TabletopEnv', () => {
  it('resets to an observation with an image per camera, the state and the instruction', () => {
    const env = new TabletopEnv({ width: 32, height: 24 });
    const { observation, info } = env.reset(7, 'in_distribution');
    expect(Object.keys(observation.images).sort()).toEqual(['front', 'side']);
    expect(observation.images.front).toHaveLength(32 * 24 * 3);
    expect(observation.state).toHaveLength(7);
    expect(observation.instruction).toBe(info.instruction);
    expect(info.task.family).toBe(TASK_FAMILIES[7 % 4]);
    const next = env.step(move(0.02, 0, 0, 0));
    expect(next).toMatchObject({ done: false, success: false, reason: null });
    expect(next.observation.state[0]).toBeCloseTo(observation.state[0] + 0.02, 9);
    expect(next.observation.images.front).not.toEqual(observation.images.front);
  });

  it('skips images when rendering is off', () => {
    const env = new TabletopEnv({ render: false });
    expect(env.reset(1, 'in_distribution').observation.images).toEqual({});
  });

  it('ends the episode when the gripper is sent out of the workspace', () => {
    const env = new TabletopEnv({ render: false });
    env.reset(3, 'in_distribution');
    let r = env.step(move(0, 0, 0.05, 0));
    for (let i = 0; i < 20 && !r.done; i++) r = env.step(move(0, 0, 0.05, 0));
    expect(r).toMatchObject({ done: true, success: false, reason: 'workspace_violation' });
    expect(() => env.step(move(0, 0, 0, 0))).toThrow(/episode is over/);
  });

  it('times out after the step limit', () => {
    const env = new TabletopEnv({ render: false, stepLimits: { pick: 3 } });
    const { info } = env.reset(0, 'in_distribution', { family: 'pick' });
    expect(info.stepLimit).toBe(3);
    const reasons = [0, 1, 2].map(() => env.step(move(0, 0, 0, 0)).reason);
    expect(reasons).toEqual([null, null, 'timeout']);
  });

  it('reports a dropped object when the target falls from a height without the task done', () => {
    const env = new TabletopEnv({ render: false });
    const { observation, info } = env.reset(0, 'in_distribution', { family: 'pick' });
    const expert = newExpertEpisode(info, { noise: false });
    let state = observation.state;
    while (env.scene.gripper.held !== info.task.targetId) state = env.step(expert.act(state, env.scene)).observation.state;
    expect(env.step(move(0, 0, 0.04, 1)).done).toBe(false);
    expect(env.step(move(0, 0, 0, 0))).toMatchObject({ done: true, success: false, reason: 'dropped_object' });
  });

  it('keeps solids apart under random and noisy-expert actions', () => {
    const env = new TabletopEnv({ render: false });
    const rng = new Rng('fuzz');
    for (let seed = 0; seed < 40; seed++) {
      const { observation, info } = env.reset(seed, seed % 2 ? 'in_distribution' : 'similar_distractors');
      const expert = newExpertEpisode(info);
      let state = observation.state;
      let grip = 0;
      for (let step = 0; step < 80 && !env.done; step++) {
        if (rng.next() < 0.1) grip = 1 - grip;
        // A few purely random episodes; the rest follow the expert with jolts, so that grasps,
        // carries, drops and pushes all happen.
        const a = expert.act(state, env.scene);
        const k = rng.next() < 0.3 ? 0.02 : 0;
        const jolted: Action = [a[0] + k * rng.normal(), a[1] + k * rng.normal(), a[2] + k * rng.normal(), 0, 0, a[5], rng.next() < 0.05 ? 1 - a[6] : a[6]];
        const random: Action = [rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), 0, 0, rng.uniform(-0.3, 0.3), grip];
        state = env.step(seed < 8 ? random : jolted).observation.state;
        expectNoInterpenetration(env.scene);
      }
    }
  });

  it('rejects bad actions, options and calls by name', () => {
    expect(() => new TabletopEnv({ width: 8 })).toThrow(/camera width/);
    expect(() => new TabletopEnv({ height: 1.5 })).toThrow(/camera height/);
    expect(() => new TabletopEnv({ stepLimits: { pick: 0 } })).toThrow(/step limit for pick/);
    expect(() => new TabletopEnv({ stepLimits: { stack: 5 } as never })).toThrow(/unknown task family "stack"/);
    expect(() => new TabletopEnv({ cameras: [] })).toThrow(/cameras/);
    const env = new TabletopEnv({ render: false });
    expect(() => env.step(move(0, 0, 0, 0))).toThrow(/call reset/);
    expect(() => env.reset(0, 'in_the_dark')).toThrow(/unknown variant "in_the_dark"/);
    env.reset(0, 'in_distribution');
    expect(() => env.step([0, 0, 0])).toThrow(/7 numbers/);
    expect(() => env.step([0, 0, 0, 0, 0, 0, Number.NaN])).toThrow(SimInputError);
  });
});
