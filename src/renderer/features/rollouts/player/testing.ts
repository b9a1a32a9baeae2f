/** A small rollout for the player's tests: a pick that grasps, then the prediction drifts off and the target drops. */
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { RolloutRecord, RolloutStep } from '../../../../shared/rollouts/record';

export function testRecord(overrides: Partial<RolloutRecord> = {}): RolloutRecord {
  const steps: RolloutStep[] = Array.from({ length: 8 }, (_, t) => ({
    t,
    state: [0.1 * t, 0, 0.2, 0, 0, 0, t < 3 ? 0.08 : 0.02],
    executed: [0.01 * t, -0.01, 0, 0, 0, 0, t >= 2 ? 1 : 0],
    // The policy predicts every other step (a chunk of two).
    ...(t % 2 === 0 && {
      chunk: [
        [0.012 * t, -0.01, 0, 0, 0, 0, t >= 2 ? 1 : 0],
        [0, 0, 0, 0, 0, 0, 1],
      ],
      // On the target until step 4, then 0.3 of the image to the right.
      predicted: {
        box: t < 4 ? [0.4, 0.4, 0.6, 0.6] : [0.7, 0.4, 0.9, 0.6],
        point: t < 4 ? [0.5, 0.5] : [0.8, 0.5],
        trajectory: [
          [0.2, 0.8],
          [0.35, 0.65],
          [0.5, 0.5],
        ],
      },
    }),
    truth: {
      front: { target: { box: [0.4, 0.4, 0.6, 0.6], point: [0.5, 0.5] }, gripper: [0.2 + 0.05 * t, 0.8 - 0.05 * t] },
      side: { target: { box: [0.1, 0.2, 0.3, 0.4] }, ...(t !== 5 && { gripper: [0.5, 0.1 * t] }) },
    },
    ...(t === 2 && { events: ['grasp'] }),
    ...(t === 7 && { events: ['release', 'drop'] }),
  }));
  return {
    version: 1,
    source: 'sim',
    instruction: 'pick up the red cube',
    success: false,
    reason: 'dropped_object',
    cameras: ['front', 'side'],
    policyCamera: 'front',
    fps: 10,
    meta: { seed: 3, variant: 'in_distribution' },
    steps,
    ...overrides,
  };
}

export function testSummary(overrides: Partial<RolloutSummary> = {}): RolloutSummary {
  return {
    id: 7,
    evaluationId: 1,
    checkpointId: 2,
    index: 0,
    source: 'sim',
    variant: 'in_distribution',
    seed: 3,
    taskFamily: 'pick',
    instruction: 'pick up the red cube',
    success: false,
    reason: 'dropped_object',
    steps: 8,
    fps: 10,
    cameras: [
      { name: 'front', width: 320, height: 240, path: 'rollouts/7/front.mp4', mediaPath: 'rollout/7/front' },
      { name: 'side', width: 320, height: 240, path: 'rollouts/7/side.mp4', mediaPath: 'rollout/7/side' },
    ],
    folder: 'rollouts/7',
    suggestedTag: 'dropped_object',
    tag: null,
    taggedBy: null,
    taggedAt: null,
    createdAt: 0,
    ...overrides,
  };
}
