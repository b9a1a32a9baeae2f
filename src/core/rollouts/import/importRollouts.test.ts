import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RolloutRecord } from '../../../shared/rollouts/record';
import { probeVideo } from '../../media/ffmpeg';
import type { Project } from '../../project/project';
import { leftovers, makeCorruptVideo, makeVideo, tempFolder, tempProject, writeJson } from '../testing';
import { importRollouts } from './importRollouts';

const stored = (project: Project, id: number) => {
  const row = project.repos.rolloutCatalog.get(id)!;
  const folder = join(project.dir, row.folder!);
  return { row, folder, record: RolloutRecord.parse(JSON.parse(readFileSync(join(folder, 'rollout.json'), 'utf8'))) };
};

/** The import is refused with a message naming the file and the problem, and nothing of it is kept. */
async function expectRefused(project: Project, run: Promise<unknown>, file: string, problem: RegExp) {
  const error = (await run.then(() => null, (e: unknown) => e)) as Error & { file?: string };
  expect(error, 'the import should have failed').toBeInstanceOf(Error);
  expect(error.message).toContain(file);
  expect(error.message).toMatch(problem);
  expect(leftovers(project)).toEqual({ evaluations: 0, rollouts: 0, folders: [] });
}

describe('LIBERO videos', () => {
  it('reads both naming styles, keeps the videos as main.mp4 and converts what the player cannot decode', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, '2024_01_01-12_00_00--episode=20--success=False--task=put_the_bowl_on_the_plate.mp4'), { frames: 7 });
    makeVideo(join(dir, '2024_01_01-12_03_00--openvla_oft--episode=21--success=True--task=put_the_bowl_on_the_plate.mp4'), { frames: 5 });
    makeVideo(join(dir, 'run2', 'rollout_open_the_drawer_episode3_failure.mkv'), { frames: 4, codec: 'ffv1', width: 65, height: 49 });
    // Not a sidecar (no video of its name): the folder is still LIBERO's.
    writeJson(join(dir, 'config.json'), { suite: 'libero_spatial' });

    const result = await importRollouts(project, dir);
    expect(result).toMatchObject({ format: 'libero', transcoded: 1 });
    expect(result.rolloutIds).toHaveLength(3);

    const [first, second, third] = result.rolloutIds.map((id) => stored(project, id));
    expect(first!.row).toMatchObject({ success: false, instruction: 'put the bowl on the plate', seed: 20, variant: 'put_the_bowl_on_the_plate', sourceFormat: 'libero', steps: 7 });
    expect(first!.record).toMatchObject({ source: 'libero', success: false, reason: 'unknown', cameras: ['main'], fps: 10 });
    expect(first!.record.steps).toHaveLength(7);
    expect(first!.record.meta).toMatchObject({ episode: 20, prefix: '2024_01_01-12_00_00' });
    expect(second!.row).toMatchObject({ success: true, reason: 'success', seed: 21, steps: 5 });
    expect(second!.record.meta).toMatchObject({ prefix: '2024_01_01-12_03_00--openvla_oft' });
    expect(third!.row).toMatchObject({ success: false, instruction: 'open the drawer', seed: 3, steps: 4 });
    // The FFV1 file was re-encoded (its odd edges padded for 4:2:0); frame i is still step i.
    expect(third!.row.cameras).toEqual([{ name: 'main', width: 66, height: 50, path: `${third!.row.folder}/main.mp4` }]);
    expect(await probeVideo(join(third!.folder, 'main.mp4'))).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', frames: 4, width: 66, height: 50 });
    expect(project.repos.rollouts.getEvaluation(result.evaluationId)).toMatchObject({
      source: 'imported',
      status: 'succeeded',
      config: { format: 'libero', path: dir },
      summary: { episodes: 3, successes: 1 },
    });
    expect(leftovers(project).folders.sort()).toEqual(result.rolloutIds.map(String).sort());
  });

  it('refuses a video whose name carries no result', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, 'rollout_pick_episode1_success.mp4'));
    makeVideo(join(dir, 'episode_2.mp4'));
    await expectRefused(project, importRollouts(project, dir, { format: 'libero' }), 'episode_2.mp4', /not named like a LIBERO rollout/);
  });

  it('refuses a corrupt video after staging the good ones, and keeps none of them', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, 'rollout_pick_episode1_success.mp4'));
    makeCorruptVideo(join(dir, 'rollout_pick_episode2_failure.mp4'));
    await expectRefused(project, importRollouts(project, dir), 'rollout_pick_episode2_failure.mp4', /not a video that can be decoded/);
  });
});

describe('lerobot-eval output', () => {
  it('reads per_episode with video_paths written relative to where the run was started', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, 'videos', 'eval_episode_0.mp4'), { frames: 6, fps: 15 });
    makeVideo(join(dir, 'videos', 'eval_episode_1.mp4'), { frames: 3, fps: 15 });
    writeJson(join(dir, 'eval_info.json'), {
      per_episode: [
        { episode_ix: 0, sum_reward: 12.5, max_reward: 1, success: true, seed: 1000 },
        { episode_ix: 1, sum_reward: 3, max_reward: 0.25, success: false, seed: 1001 },
        { episode_ix: 2, sum_reward: 0, max_reward: 0, success: false, seed: 1002 },
      ],
      aggregated: { avg_sum_reward: 5.2, avg_max_reward: 0.42, pc_success: 33.3, eval_s: 10, eval_ep_s: 3.3 },
      video_paths: ['outputs/eval/2024-06-01/12-00-00_pusht_diffusion/videos/eval_episode_0.mp4', 'outputs/eval/2024-06-01/12-00-00_pusht_diffusion/videos/eval_episode_1.mp4'],
    });
    const result = await importRollouts(project, dir);
    expect(result.format).toBe('lerobot-eval');
    const rollouts = result.rolloutIds.map((id) => stored(project, id));
    expect(rollouts.map((r) => [r.row.success, r.row.seed, r.row.steps])).toEqual([
      [true, 1000, 6],
      [false, 1001, 3],
      [false, 1002, 0],
    ]);
    expect(rollouts[0]!.record).toMatchObject({ fps: 15, meta: { episodeIx: 0, sumReward: 12.5, maxReward: 1 } });
    // Only the first episodes are rendered by lerobot-eval; the rest keep their results without a video.
    expect(rollouts[2]!.record.cameras).toEqual([]);
    expect(existsSync(join(rollouts[1]!.folder, 'main.mp4'))).toBe(true);
  });

  it('reads the per_task layout of task suites', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, 'videos', 'libero_10_0', 'eval_episode_0.mp4'), { frames: 4 });
    makeVideo(join(dir, 'videos', 'libero_10_1', 'eval_episode_0.mp4'), { frames: 5 });
    writeJson(join(dir, 'eval_info.json'), {
      per_task: [
        { task_group: 'libero_10', task_id: 0, metrics: { sum_rewards: [1, 0], max_rewards: [1, 0], successes: [true, false], video_paths: ['/elsewhere/videos/libero_10_0/eval_episode_0.mp4'] } },
        { task_group: 'libero_10', task_id: 1, metrics: { sum_rewards: [0], max_rewards: [0], successes: [false], video_paths: ['videos/libero_10_1/eval_episode_0.mp4'] } },
      ],
      per_group: { libero_10: { pc_success: 33.3, n_episodes: 3 } },
      overall: { pc_success: 33.3, n_episodes: 3, avg_sum_reward: 'NAN_AS_PYTHON_WRITES_IT' },
    });
    // Python's json.dump writes NaN bare; the file must still import.
    const info = join(dir, 'eval_info.json');
    writeFileSync(info, readFileSync(info, 'utf8').replace('"NAN_AS_PYTHON_WRITES_IT"', 'NaN'));
    const result = await importRollouts(project, dir, { format: 'lerobot-eval' });
    const rows = result.rolloutIds.map((id) => stored(project, id).row);
    expect(rows.map((r) => [r.variant, r.taskFamily, r.success, r.steps])).toEqual([
      ['libero_10', 'libero_10_0', true, 4],
      ['libero_10', 'libero_10_0', false, 0],
      ['libero_10', 'libero_10_1', false, 5],
    ]);
  });

  it('refuses broken JSON, a missing video and a wrong field, naming the file', async () => {
    const project = tempProject();
    const broken = tempFolder();
    writeFileSync(join(broken, 'eval_info.json'), '{"per_episode": [');
    await expectRefused(project, importRollouts(project, broken), 'eval_info.json', /not valid JSON/);

    const missing = tempFolder();
    makeVideo(join(missing, 'videos', 'eval_episode_0.mp4'));
    writeJson(join(missing, 'eval_info.json'), {
      per_episode: [
        { episode_ix: 0, sum_reward: 1, max_reward: 1, success: true, seed: 0 },
        { episode_ix: 1, sum_reward: 0, max_reward: 0, success: false, seed: 1 },
      ],
      video_paths: ['videos/eval_episode_0.mp4', 'videos/eval_episode_1.mp4'],
    });
    await expectRefused(project, importRollouts(project, missing), 'eval_info.json', /video_paths\.1: the video "videos\/eval_episode_1\.mp4" is not there/);

    const wrong = tempFolder();
    writeJson(join(wrong, 'eval_info.json'), { per_episode: [{ episode_ix: 0, success: 'yes' }] });
    await expectRefused(project, importRollouts(project, wrong), 'eval_info.json', /per_episode\.0\.success/);
  });
});

describe('SimplerEnv videos', () => {
  const setup = (root: string) =>
    join(root, 'rt_1_x', 'google_pick_coke_can_1_v4', 'arm_pd_ee_delta_pose', 'MoveNearGoogleBakedTexInScene-v0', 'rob_0.35_0.21_rot_0.000_0.000_3.090_rgb_overlay_None');

  it('reads the result, the episode and its stats from the name and the setup from the folders', async () => {
    const project = tempProject();
    const dir = tempFolder();
    const folder = setup(dir);
    makeVideo(join(folder, 'success_obj_episode_0_all_obj_keep_height_True_moved_correct_obj_True_moved_wrong_obj_False_near_tgt_obj_True.mp4'));
    makeVideo(join(folder, 'failure_obj_episode_1_all_obj_keep_height_True_moved_correct_obj_False_moved_wrong_obj_True_near_tgt_obj_False.mp4'));
    makeVideo(join(folder, 'failure_obj_-0.08_0.2_is_src_obj_grasped_False_consecutive_grasp_False_src_on_target_False.mp4'), { frames: 3 });
    writeFileSync(join(folder, 'actions.png'), 'not a video');

    const result = await importRollouts(project, dir);
    expect(result.format).toBe('simpler');
    const rows = result.rolloutIds.map((id) => stored(project, id));
    // Sorted by name: failures first.
    expect(rows.map((r) => [r.row.success, r.row.seed, r.row.suggestedTag])).toEqual([
      [false, null, 'missed_grasp'],
      [false, 1, 'wrong_object'],
      [true, 0, null],
    ]);
    expect(rows[1]!.row).toMatchObject({ variant: 'MoveNearGoogleBakedTexInScene-v0', fps: 10 });
    expect(rows[1]!.record.meta).toMatchObject({
      objEpisode: 1,
      scene: 'google_pick_coke_can_1_v4',
      controlMode: 'arm_pd_ee_delta_pose',
      checkpoint: 'rt_1_x',
      episodeStats: { moved_correct_obj: false, moved_wrong_obj: true, near_tgt_obj: false, all_obj_keep_height: true },
    });
    expect(rows[0]!.record.meta).toMatchObject({ objInit: [-0.08, 0.2] });
  });

  it('refuses a video that is not named by its result', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(setup(dir), 'success_obj_episode_0.mp4'));
    makeVideo(join(setup(dir), 'episode_1_done.mp4'));
    await expectRefused(project, importRollouts(project, dir, { format: 'simpler' }), 'episode_1_done.mp4', /not named like a SimplerEnv rollout/);
  });
});

describe('generic sidecar folders', () => {
  it('reads sidecars with one or several cameras and turns pixel predictions into normalised ones', async () => {
    const project = tempProject();
    const dir = tempFolder();
    makeVideo(join(dir, 'ep_000.mp4'), { frames: 4 });
    writeJson(join(dir, 'ep_000.json'), { instruction: 'pick up the red block', success: true, variant: 'in_distribution', seed: 7 });
    makeVideo(join(dir, 'ep_001.front.mp4'), { frames: 3, width: 80, height: 40 });
    makeVideo(join(dir, 'ep_001.wrist.mp4'), { frames: 3 });
    writeJson(join(dir, 'ep_001.json'), {
      instruction: 'put the can in the bin',
      success: false,
      reason: 'timeout',
      fps: 5,
      task: 'place',
      policyCamera: 'front',
      coordinates: 'pixels',
      steps: [
        { action: [0.1, 0, 1], state: [0, 0], point: [40, 20], box: [20, 10, 60, 30] },
        { action: [0.2, 0, 1], chunk: [[0.2, 0, 1], [0.3, 0, 1]], trajectory: [[0, 0], [80, 40]], events: ['grasp'] },
        {},
      ],
      meta: { checkpoint: 'ckpt-3000' },
    });

    const result = await importRollouts(project, dir);
    expect(result.format).toBe('generic');
    const [plain, rich] = result.rolloutIds.map((id) => stored(project, id));
    expect(plain!.row).toMatchObject({ instruction: 'pick up the red block', success: true, variant: 'in_distribution', seed: 7, steps: 4 });
    expect(plain!.record.policyCamera).toBe('main');
    expect(rich!.row).toMatchObject({ reason: 'timeout', fps: 5, taskFamily: 'place', suggestedTag: 'timeout', steps: 3 });
    expect(rich!.record.cameras).toEqual(['front', 'wrist']);
    expect(rich!.record.steps[0]).toEqual({ t: 0, state: [0, 0], executed: [0.1, 0, 1], predicted: { point: [0.5, 0.5], box: [0.25, 0.25, 0.75, 0.75] } });
    expect(rich!.record.steps[1]).toMatchObject({ chunk: [[0.2, 0, 1], [0.3, 0, 1]], predicted: { trajectory: [[0, 0], [1, 1]] }, events: ['grasp'] });
    expect(rich!.record.meta).toMatchObject({ checkpoint: 'ckpt-3000', file: 'ep_001.json' });
    expect(existsSync(join(rich!.folder, 'wrist.mp4'))).toBe(true);
  });

  it('refuses a sidecar with a wrong field, a sidecar with no video, a video with no sidecar, and too many steps', async () => {
    const project = tempProject();
    const wrongField = tempFolder();
    makeVideo(join(wrongField, 'a.mp4'));
    writeJson(join(wrongField, 'a.json'), { instruction: 'x', success: 'yes' });
    await expectRefused(project, importRollouts(project, wrongField), 'a.json', /success: /);

    const broken = tempFolder();
    makeVideo(join(broken, 'a.mp4'));
    writeFileSync(join(broken, 'a.json'), '{ instruction: x }');
    await expectRefused(project, importRollouts(project, broken, { format: 'generic' }), 'a.json', /not valid JSON/);

    const noVideo = tempFolder();
    makeVideo(join(noVideo, 'a.mp4'));
    writeJson(join(noVideo, 'a.json'), { instruction: 'x', success: true });
    writeJson(join(noVideo, 'b.json'), { instruction: 'y', success: false });
    await expectRefused(project, importRollouts(project, noVideo), 'b.json', /has no video: expected b\.mp4/);

    const orphan = tempFolder();
    makeVideo(join(orphan, 'a.mp4'));
    makeVideo(join(orphan, 'c.mp4'));
    writeJson(join(orphan, 'a.json'), { instruction: 'x', success: true });
    await expectRefused(project, importRollouts(project, orphan), 'c.mp4', /has no sidecar/);

    const long = tempFolder();
    makeVideo(join(long, 'a.mp4'), { frames: 2 });
    writeJson(join(long, 'a.json'), { instruction: 'x', success: true, steps: [{}, {}, {}] });
    await expectRefused(project, importRollouts(project, long), 'a.json', /3 steps but the shortest video has 2 frames/);
  });
});

describe('choosing the format', () => {
  it('refuses a folder that does not exist or whose format cannot be told', async () => {
    const project = tempProject();
    const dir = tempFolder();
    await expectRefused(project, importRollouts(project, join(dir, 'nope')), 'nope', /does not exist/);
    makeVideo(join(dir, 'clip.mp4'));
    await expectRefused(project, importRollouts(project, dir), dir, /cannot tell its format/);
  });
});
