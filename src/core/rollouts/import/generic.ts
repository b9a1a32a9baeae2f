/**
 * The generic format (src/shared/rollouts/sidecar.ts, README "Importing rollouts"): per rollout a
 * sidecar `<name>.json` and its videos `<name>.mp4` (camera "main") or `<name>.<camera>.mp4`, side by
 * side in one folder (sub-folders are read too). A video with no sidecar, or a sidecar with no video,
 * is an error: it is almost always a typo in a name.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { RolloutStep } from '../../../shared/rollouts/record';
import { RolloutSidecar, type SidecarStep } from '../../../shared/rollouts/sidecar';
import { RolloutImportError } from './errors';
import { readJsonFile } from './json';
import { isVideo, stem, walkFiles } from './files';
import type { ImportPlan, PlannedRollout } from './plan';

function readSidecar(file: string): RolloutSidecar {
  const json = readJsonFile(file);
  const parsed = RolloutSidecar.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RolloutImportError(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function toRolloutStep(step: SidecarStep, t: number): RolloutStep {
  const predicted = step.point || step.box || step.trajectory
    ? { ...(step.point ? { point: step.point } : {}), ...(step.box ? { box: step.box } : {}), ...(step.trajectory ? { trajectory: step.trajectory } : {}) }
    : undefined;
  return {
    t,
    ...(step.state ? { state: step.state } : {}),
    ...(step.action ? { executed: step.action } : {}),
    ...(step.chunk ? { chunk: step.chunk } : {}),
    ...(predicted ? { predicted } : {}),
    ...(step.events ? { events: step.events } : {}),
  };
}

export function readGeneric(dir: string): ImportPlan {
  const files = walkFiles(dir);
  const sidecars = files.filter((f) => extname(f).toLowerCase() === '.json');
  const claimed = new Set<string>();
  const rollouts = sidecars.map((file): PlannedRollout => {
    const sidecar = readSidecar(file);
    const name = stem(file);
    const folder = dirname(file);
    const videos = files
      .filter((f) => isVideo(f) && dirname(f) === folder)
      .flatMap((f) => {
        const videoStem = stem(f);
        if (videoStem === name) return [{ camera: 'main', file: f }];
        if (videoStem.startsWith(`${name}.`) && !sidecars.includes(join(folder, `${videoStem}.json`))) {
          return [{ camera: videoStem.slice(name.length + 1), file: f }];
        }
        return [];
      });
    if (videos.length === 0) throw new RolloutImportError(file, `has no video: expected ${name}.mp4 or ${name}.<camera>.mp4 beside it`);
    const cameras = videos.map((v) => v.camera);
    if (new Set(cameras).size !== cameras.length) throw new RolloutImportError(file, `has two videos for one camera (${videos.map((v) => basename(v.file)).join(', ')})`);
    if (sidecar.policyCamera !== undefined && !cameras.includes(sidecar.policyCamera)) {
      throw new RolloutImportError(file, `policyCamera: "${sidecar.policyCamera}" has no video (cameras: ${cameras.join(', ')})`);
    }
    for (const v of videos) claimed.add(v.file);
    return {
      file,
      videos,
      instruction: sidecar.instruction,
      success: sidecar.success,
      reason: sidecar.reason ?? (sidecar.success ? 'success' : 'unknown'),
      ...(sidecar.fps !== undefined ? { fps: sidecar.fps } : {}),
      variant: sidecar.variant ?? null,
      seed: sidecar.seed ?? null,
      taskFamily: sidecar.task ?? null,
      policyCamera: sidecar.policyCamera ?? cameras[0]!,
      ...(sidecar.steps ? { steps: sidecar.steps.map(toRolloutStep) } : {}),
      pixelCoordinates: sidecar.coordinates === 'pixels',
      meta: { file: basename(file), ...(sidecar.meta ?? {}) },
    };
  });
  const orphan = files.find((f) => isVideo(f) && !claimed.has(f));
  if (orphan) throw new RolloutImportError(orphan, `has no sidecar: expected ${stem(orphan).split('.')[0]}.json beside it`);
  return { format: 'generic', defaultFps: 10, rollouts };
}
