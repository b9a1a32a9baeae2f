/**
 * SimplerEnv's evaluation videos (simpler_env/evaluation/maniskill2_evaluator.py): the name is
 * `{success|failure}_obj_episode_{id}` or `{success|failure}_obj_{x}_{y}`, then the episode stats as
 * `_{key}_{value}` pairs, `.mp4`; the folders above it are
 * `{checkpoint}/{scene}/{control_mode}/{env_save_name}/rob_{x}_{y}_rot_{r}_{p}_{y}_rgb_overlay_{overlay}/`.
 * The `actions/` pictures beside them are not rollouts and are skipped.
 */
import { basename, dirname, sep } from 'node:path';
import { RolloutImportError } from './errors';
import { isVideo, stem, walkFiles } from './files';
import type { ImportPlan, PlannedRollout } from './plan';

const BY_EPISODE = /^(success|failure)_obj_episode_(\d+)(?:_(.*))?$/;
const BY_XY = /^(success|failure)_obj_(-?\d+(?:\.\d+)?(?:e-?\d+)?)_(-?\d+(?:\.\d+)?(?:e-?\d+)?)(?:_(.*))?$/;
const STAT = /(.+?)_(True|False|-?\d+(?:\.\d+)?)(?:_|$)/g;

export const isSimplerName = (file: string) => isVideo(file) && (BY_EPISODE.test(stem(file)) || BY_XY.test(stem(file)));

/** `moved_correct_obj_True_n_lift_significant_3` → { moved_correct_obj: true, n_lift_significant: 3 }. */
export function parseEpisodeStats(text: string): Record<string, boolean | number> {
  const stats: Record<string, boolean | number> = {};
  for (const match of text.matchAll(STAT)) {
    const value = match[2]!;
    stats[match[1]!] = value === 'True' ? true : value === 'False' ? false : Number(value);
  }
  return stats;
}

/**
 * What the stats say about a failure: another object moved (wrong object), the source never held
 * (missed grasp), held but not on the target (wrong place). Null when they do not say.
 */
export function suggestFromStats(stats: Record<string, boolean | number>): string | null {
  if (stats.moved_wrong_obj === true) return 'wrong_object';
  const grasped = stats.is_src_obj_grasped ?? stats.consecutive_grasp ?? stats.consec_grasp;
  if (grasped === false) return 'missed_grasp';
  if (grasped === true && stats.src_on_target === false) return 'wrong_place';
  return null;
}

export function parseSimplerName(file: string): Omit<PlannedRollout, 'videos'> {
  const name = stem(file);
  const byEpisode = BY_EPISODE.exec(name);
  const byXy = byEpisode ? null : BY_XY.exec(name);
  if (!byEpisode && !byXy) {
    throw new RolloutImportError(
      file,
      'is not named like a SimplerEnv rollout: expected "success_obj_episode_<i>_....mp4", "failure_obj_episode_<i>_....mp4" or "<success|failure>_obj_<x>_<y>_....mp4"',
    );
  }
  const success = (byEpisode ?? byXy)![1] === 'success';
  const stats = parseEpisodeStats((byEpisode ? byEpisode[3] : byXy![4]) ?? '');
  const episode = byEpisode ? Number(byEpisode[2]) : null;
  // The folders name the setup when the evaluator's layout is intact.
  const robot = basename(dirname(file));
  const parts = dirname(file).split(sep);
  const setup = robot.startsWith('rob_') && parts.length >= 5
    ? { checkpoint: parts.at(-5)!, scene: parts.at(-4)!, controlMode: parts.at(-3)!, env: parts.at(-2)!, robotInit: robot }
    : null;
  return {
    file,
    instruction: '',
    success,
    reason: success ? 'success' : 'unknown',
    variant: setup?.env ?? null,
    taskFamily: setup?.env ?? null,
    seed: episode,
    suggestedTag: success ? null : suggestFromStats(stats),
    meta: {
      file: name,
      ...(episode !== null ? { objEpisode: episode } : { objInit: [Number(byXy![2]), Number(byXy![3])] }),
      episodeStats: stats,
      ...(setup ?? {}),
    },
  };
}

export function readSimpler(dir: string): ImportPlan {
  const rollouts = walkFiles(dir)
    .filter((f) => isVideo(f) && basename(dirname(f)) !== 'actions')
    .map((file): PlannedRollout => ({ ...parseSimplerName(file), videos: [{ camera: 'main', file }] }));
  // write_video(..., fps=5) in the evaluator.
  return { format: 'simpler', defaultFps: 5, rollouts };
}
