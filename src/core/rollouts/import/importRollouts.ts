/**
 * Importing rollouts made elsewhere, all or nothing: the format's reader plans every rollout from the
 * names and JSON files (no copy yet), then each is staged in a temporary folder inside the project
 * (videos probed, copied or converted to H.264, rollout.json written and checked), then one transaction
 * records an 'imported' evaluation and moves the folders in. Any error removes the staging folder and
 * leaves no row and no folder behind.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ROLLOUT_FILE, ROLLOUT_FORMAT_VERSION, RolloutRecord, type RolloutStep, type Spatial } from '../../../shared/rollouts/record';
import type { Project } from '../../project/project';
import { ROLLOUTS_FOLDER, storeRollouts, type StagedRollout } from '../store';
import { RolloutImportError } from './errors';
import { isVideo, requireFolder, stem, walkFiles } from './files';
import { readGeneric } from './generic';
import { EVAL_INFO_FILE, readLeRobotEval } from './lerobotEval';
import { isLiberoName, readLibero } from './libero';
import type { ImportPlan, PlannedRollout, RolloutImportFormat } from './plan';
import { isSimplerName, readSimpler } from './simpler';
import { stageVideo } from './video';

export interface ImportProgress {
  phase: 'reading' | 'videos' | 'saving';
  done: number;
  total: number;
}

export interface ImportedRollouts {
  evaluationId: number;
  format: RolloutImportFormat;
  rolloutIds: number[];
  /** Videos re-encoded because the player could not decode them as they were. */
  transcoded: number;
}

const READERS: Record<RolloutImportFormat, (dir: string) => ImportPlan> = {
  libero: readLibero,
  'lerobot-eval': readLeRobotEval,
  simpler: readSimpler,
  generic: readGeneric,
};

/** Which format a folder is in, from the files that mark each; an error says what was looked for. */
export function detectFormat(dir: string): RolloutImportFormat {
  if (existsSync(join(dir, EVAL_INFO_FILE))) return 'lerobot-eval';
  const files = walkFiles(dir);
  const videos = files.filter(isVideo);
  // A sidecar is a JSON file with a video of its name beside it; other JSON files (configs, logs) are not.
  const videoStems = videos.map((v) => join(dirname(v), stem(v)));
  const isSidecar = (f: string) => {
    const base = join(dirname(f), stem(f));
    return extname(f).toLowerCase() === '.json' && videoStems.some((v) => v === base || v.startsWith(`${base}.`));
  };
  if (files.some(isSidecar)) return 'generic';
  if (videos.length > 0 && videos.every(isSimplerName)) return 'simpler';
  if (videos.length > 0 && videos.every(isLiberoName)) return 'libero';
  if (videos.some(isSimplerName)) return 'simpler';
  if (videos.some(isLiberoName)) return 'libero';
  throw new RolloutImportError(
    dir,
    videos.length === 0
      ? 'holds no videos and no eval_info.json: nothing to import'
      : 'cannot tell its format: no eval_info.json, no JSON sidecars, and the video names are neither LIBERO\'s nor SimplerEnv\'s; choose the format',
  );
}

export async function importRollouts(
  project: Project,
  path: string,
  options: { format?: RolloutImportFormat | 'auto'; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
): Promise<ImportedRollouts> {
  requireFolder(path);
  const format = !options.format || options.format === 'auto' ? detectFormat(path) : options.format;
  options.onProgress?.({ phase: 'reading', done: 0, total: 1 });
  const plan = READERS[format](path);
  if (plan.rollouts.length === 0) throw new RolloutImportError(path, `holds no ${format} rollouts`);

  const root = join(project.dir, ROLLOUTS_FOLDER);
  await mkdir(root, { recursive: true });
  const staging = await mkdtemp(join(root, '.import-'));
  try {
    const staged: StagedRollout[] = [];
    let transcoded = 0;
    for (const [i, planned] of plan.rollouts.entries()) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ phase: 'videos', done: i, total: plan.rollouts.length });
      const dir = join(staging, String(i));
      await mkdir(dir);
      const rollout = await stageRollout(planned, plan, format, dir, i);
      transcoded += rollout.transcoded;
      staged.push(rollout.staged);
    }
    options.signal?.throwIfAborted();
    options.onProgress?.({ phase: 'saving', done: plan.rollouts.length, total: plan.rollouts.length });
    const repos = project.repos;
    const result = repos.transaction(() => {
      const evaluationId = repos.rollouts.createEvaluation({
        name: `${format}: ${basename(path)}`,
        source: 'imported',
        config: { format, path, rollouts: staged.length },
      });
      repos.rollouts.setEvaluationStatus(evaluationId, 'succeeded', summarize(staged));
      return { evaluationId, rolloutIds: storeRollouts(project, evaluationId, staged) };
    });
    return { ...result, format, transcoded };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function stageRollout(planned: PlannedRollout, plan: ImportPlan, format: RolloutImportFormat, dir: string, index: number) {
  const cameras: StagedRollout['cameras'] = [];
  let frames = Infinity;
  let videoFps: number | null = null;
  let transcoded = 0;
  for (const video of planned.videos) {
    const info = await stageVideo(video.file, join(dir, `${video.camera}.mp4`));
    cameras.push({ name: video.camera, width: info.width, height: info.height });
    frames = Math.min(frames, info.frames);
    videoFps ??= info.fps;
    transcoded += info.transcoded ? 1 : 0;
  }
  if (planned.steps && planned.videos.length > 0 && planned.steps.length > frames) {
    throw new RolloutImportError(planned.file, `steps: ${planned.steps.length} steps but the shortest video has ${frames} frames; step i is frame i`);
  }
  const policyCamera = planned.policyCamera ?? cameras[0]?.name ?? null;
  const size = cameras.find((c) => c.name === policyCamera);
  const steps = planned.steps
    ? planned.pixelCoordinates && size ? planned.steps.map((s) => toNormalized(s, size)) : planned.steps
    : Array.from({ length: Number.isFinite(frames) ? frames : 0 }, (_, t): RolloutStep => ({ t }));
  const record = RolloutRecord.parse({
    version: ROLLOUT_FORMAT_VERSION,
    source: format,
    instruction: planned.instruction,
    success: planned.success,
    reason: planned.reason ?? (planned.success ? 'success' : 'unknown'),
    cameras: cameras.map((c) => c.name),
    policyCamera,
    fps: planned.fps ?? videoFps ?? plan.defaultFps,
    meta: planned.meta,
    steps,
  });
  await writeFile(join(dir, ROLLOUT_FILE), JSON.stringify(record));
  const staged: StagedRollout = {
    dir,
    record,
    cameras,
    index,
    variant: planned.variant ?? null,
    seed: planned.seed ?? null,
    taskFamily: planned.taskFamily ?? null,
    ...(planned.suggestedTag !== undefined ? { suggestedTag: planned.suggestedTag } : {}),
  };
  return { staged, transcoded };
}

function toNormalized(step: RolloutStep, size: { width: number; height: number }): RolloutStep {
  if (!step.predicted) return step;
  const p = step.predicted;
  const point = (q: [number, number]): [number, number] => [q[0] / size.width, q[1] / size.height];
  const predicted: Spatial = {
    ...(p.point ? { point: point(p.point) } : {}),
    ...(p.box ? { box: [p.box[0] / size.width, p.box[1] / size.height, p.box[2] / size.width, p.box[3] / size.height] } : {}),
    ...(p.trajectory ? { trajectory: p.trajectory.map(point) } : {}),
  };
  return { ...step, predicted };
}

/** Success per variant, as the evaluation's summary. */
function summarize(staged: StagedRollout[]) {
  const byVariant: Record<string, { episodes: number; successes: number }> = {};
  for (const s of staged) {
    const key = s.variant ?? '';
    const entry = (byVariant[key] ??= { episodes: 0, successes: 0 });
    entry.episodes++;
    if (s.record.success) entry.successes++;
  }
  const successes = staged.filter((s) => s.record.success).length;
  return { episodes: staged.length, successes, successRate: staged.length ? successes / staged.length : 0, byVariant };
}
