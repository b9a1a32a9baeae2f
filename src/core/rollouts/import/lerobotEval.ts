/**
 * The output folder of LeRobot's `lerobot-eval` (lerobot/scripts/eval.py, later lerobot_eval.py):
 * `eval_info.json` and `videos/`. Two layouts exist:
 * - one environment: `per_episode` [{episode_ix, sum_reward, max_reward, success, seed}], `aggregated`,
 *   and `video_paths` (video i is episode i; only the first few episodes are rendered);
 * - suites of tasks: `per_task` [{task_group, task_id, metrics: {sum_rewards, max_rewards, successes,
 *   video_paths}}], `per_group`, `overall`.
 * Video paths are as the run wrote them (often relative to where it ran); they are found under this folder
 * by their longest tail that exists. Episodes without a video are imported with their results only.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { RolloutImportError } from './errors';
import { readJsonFile } from './json';
import type { ImportPlan, PlannedRollout } from './plan';

export const EVAL_INFO_FILE = 'eval_info.json';

const Num = z.number().nullable().optional();
const PerEpisode = z.object({
  episode_ix: z.number().int().nonnegative(),
  sum_reward: Num,
  max_reward: Num,
  success: z.boolean(),
  seed: z.number().int().nullable().optional(),
});
const TaskMetrics = z.object({
  sum_rewards: z.array(z.number().nullable()).optional(),
  max_rewards: z.array(z.number().nullable()).optional(),
  successes: z.array(z.boolean()),
  video_paths: z.array(z.string()).optional(),
});
const PerTask = z.object({ task_group: z.string(), task_id: z.union([z.number(), z.string()]), metrics: TaskMetrics });
const EvalInfo = z.union([
  z.object({ per_episode: z.array(PerEpisode), video_paths: z.array(z.string()).optional() }),
  z.object({ per_task: z.array(PerTask) }),
]);

function readInfo(file: string): z.infer<typeof EvalInfo> {
  const json = readJsonFile(file);
  const parsed = EvalInfo.safeParse(json);
  if (parsed.success) return parsed.data;
  // The union's own message says little; check against the layout the file seems to use.
  const layout = json && typeof json === 'object' && 'per_task' in json ? z.object({ per_task: z.array(PerTask) }) : z.object({ per_episode: z.array(PerEpisode), video_paths: z.array(z.string()).optional() });
  const issue = layout.safeParse(json).error?.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'neither per_episode nor per_task is readable';
  throw new RolloutImportError(file, `is not lerobot-eval output (${where})`);
}

/** The video a path in eval_info.json means: as written when it exists, else its longest tail under dir. */
function findVideo(dir: string, written: string, field: string, infoFile: string): string {
  if (isAbsolute(written) && existsSync(written)) return written;
  const parts = written.split(/[\\/]+/).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const candidate = join(dir, ...parts.slice(i));
    if (existsSync(candidate)) return candidate;
  }
  throw new RolloutImportError(infoFile, `${field}: the video "${written}" is not there (looked for it under ${dir})`);
}

export function readLeRobotEval(dir: string): ImportPlan {
  const infoFile = join(dir, EVAL_INFO_FILE);
  if (!existsSync(infoFile)) throw new RolloutImportError(infoFile, 'missing: a lerobot-eval output folder holds eval_info.json');
  const info = readInfo(infoFile);
  const rollouts: PlannedRollout[] = [];
  const add = (
    episodeIx: number,
    success: boolean,
    extra: { sumReward?: number | null; maxReward?: number | null; seed?: number | null; taskGroup?: string; taskId?: string | number },
    video: { path: string; field: string } | undefined,
  ) => {
    const file = video ? findVideo(dir, video.path, video.field, infoFile) : infoFile;
    rollouts.push({
      file,
      videos: video ? [{ camera: 'main', file }] : [],
      instruction: '',
      success,
      reason: success ? 'success' : 'unknown',
      variant: extra.taskGroup ?? null,
      taskFamily: extra.taskGroup !== undefined ? `${extra.taskGroup}_${extra.taskId}` : null,
      seed: extra.seed ?? null,
      meta: {
        episodeIx,
        ...(extra.taskGroup !== undefined ? { taskGroup: extra.taskGroup, taskId: extra.taskId } : {}),
        ...(extra.sumReward != null ? { sumReward: extra.sumReward } : {}),
        ...(extra.maxReward != null ? { maxReward: extra.maxReward } : {}),
        ...(video ? { videoPath: video.path } : {}),
      },
    });
  };
  if ('per_episode' in info) {
    const videos = info.video_paths ?? [];
    if (videos.length > info.per_episode.length) {
      throw new RolloutImportError(infoFile, `video_paths: ${videos.length} videos for ${info.per_episode.length} episodes`);
    }
    info.per_episode.forEach((e, i) =>
      add(e.episode_ix, e.success, { sumReward: e.sum_reward, maxReward: e.max_reward, seed: e.seed }, videos[i] === undefined ? undefined : { path: videos[i]!, field: `video_paths.${i}` }),
    );
  } else {
    info.per_task.forEach((task, t) => {
      const { successes, sum_rewards, max_rewards, video_paths = [] } = task.metrics;
      if (video_paths.length > successes.length) {
        throw new RolloutImportError(infoFile, `per_task.${t}.metrics.video_paths: ${video_paths.length} videos for ${successes.length} episodes`);
      }
      successes.forEach((success, i) =>
        add(
          i,
          success,
          { sumReward: sum_rewards?.[i], maxReward: max_rewards?.[i], taskGroup: task.task_group, taskId: task.task_id },
          video_paths[i] === undefined ? undefined : { path: video_paths[i]!, field: `per_task.${t}.metrics.video_paths.${i}` },
        ),
      );
    });
  }
  return { format: 'lerobot-eval', defaultFps: 30, rollouts };
}
