import { describe, expect, it } from 'vitest';
import { keyFrames, midpointFrame, stepKeyframe } from './navigate';
import type { Annotation } from './types';

const track: Annotation = {
  id: 't',
  kind: 'point',
  camera: 'top',
  labelId: null,
  frame: 0,
  geometry: { keyframes: [0, 40, 41].map((frame) => ({ frame, value: { x: 1, y: 1, role: 'other' as const }, source: 'manual' as const })) },
};
const traj: Annotation = { id: 'r', kind: 'trajectory', camera: 'top', labelId: null, frame: 0, geometry: { of: 'gripper', points: [{ x: 0, y: 0, frame: 5 }, { x: 1, y: 1, frame: 15 }] } };

describe('keyframe navigation', () => {
  it('lists key frames per kind', () => {
    expect(keyFrames(track)).toEqual([0, 40, 41]);
    expect(keyFrames(traj)).toEqual([5, 15]);
  });
  it('steps to the nearest key frame either way across annotations', () => {
    expect(stepKeyframe([track, traj], 5, 1)).toBe(15);
    expect(stepKeyframe([track, traj], 5, -1)).toBe(0);
    expect(stepKeyframe([track, traj], 41, 1)).toBeNull();
  });
  it('finds the midpoint to the next key frame, none between adjacent ones', () => {
    expect(midpointFrame(track, 3)).toBe(20);
    expect(midpointFrame(track, 40)).toBeNull();
    expect(midpointFrame(traj, 6)).toBe(10);
  });
});
