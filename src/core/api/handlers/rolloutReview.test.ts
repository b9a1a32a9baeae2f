import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_FORMAT_VERSION, type RolloutRecord } from '../../../shared/rollouts/record';
import { openStudio } from '../../annotations/testing';
import { closeProject, createProject } from '../../project/project';
import { storeRollouts } from '../../rollouts/store';
import { tempFolder, writeJson } from '../../rollouts/testing';

/** 80 steps whose predicted point flips between two places every 10 steps: 7 separate unsure moments. */
function flipping(): RolloutRecord {
  return {
    version: ROLLOUT_FORMAT_VERSION, source: 'sim', instruction: 'push the cube', success: false, reason: 'timeout',
    cameras: ['front'], policyCamera: 'front', fps: 10, meta: {},
    steps: Array.from({ length: 80 }, (_, t) => ({ t, predicted: { point: Math.floor(t / 10) % 2 === 0 ? [0.2, 0.5] : [0.7, 0.5] } })),
  };
}

describe('rollouts.leastSure through the contract', () => {
  it('answers the spread frames with the default limit, and not_found for an unknown id', async () => {
    const dir = join(tempFolder('st4vla-review-'), 'project');
    const project = createProject(dir, { name: 'review' });
    const evaluationId = project.repos.rollouts.createEvaluation({ name: 'e', source: 'sim' });
    const staged = tempFolder();
    writeJson(join(staged, 'rollout.json'), flipping());
    const [id] = storeRollouts(project, evaluationId, [{ dir: staged, record: flipping(), cameras: [], index: 0 }]);
    closeProject(project);

    const { call, fail } = await openStudio(dir);
    const frames = await call('rollouts.leastSure', { evaluationIds: [evaluationId] });
    expect(frames).toEqual([10, 20, 30, 40, 50, 60, 70].map((step) => ({ rolloutId: id, step, score: expect.closeTo(0.5, 9), reasons: ['point_jump'] })));
    expect(await call('rollouts.leastSure', { rolloutIds: [id], limit: 2 })).toHaveLength(2);
    expect(await fail('rollouts.leastSure', { rolloutIds: [id, 404] })).toMatchObject({ code: 'not_found', message: 'rolloutIds.1: there is no rollout 404' });
    expect(await fail('rollouts.leastSure', { limit: 0 })).toMatchObject({ code: 'bad_request' });
  });
});
