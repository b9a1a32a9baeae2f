import { basename } from 'node:path';
import type { Project } from '../../project/project';
import { readLeRobotDataset } from '../lerobot';
import { persistPlan } from './persist';
import { readSimExtras } from './simExtras';
import { stageMedia } from './media';

export interface ImportProgress {
  phase: 'reading' | 'copying' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface ImportOptions {
  copyMedia?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

/**
 * Imports a LeRobot dataset folder into the project, all or nothing: the folder is read and checked in
 * full first, then written in one transaction; copies made for a failed import are removed.
 * Returns the new dataset's id.
 */
export async function importLeRobot(project: Project, path: string, options: ImportOptions = {}): Promise<number> {
  const report = options.onProgress ?? (() => {});
  const plan = await readLeRobotDataset(path, {
    signal: options.signal,
    onProgress: (p) => report({ phase: 'reading', done: p.done, total: p.total }),
  });
  const extras = await readSimExtras(plan.root, plan.warnings);
  const files = plan.episodes.flatMap((e) => e.videos.map((v) => v.file));
  report({ phase: 'copying', done: 0, total: files.length });
  const media = await stageMedia(files, {
    copy: options.copyMedia ?? false,
    datasetRoot: plan.root,
    projectDir: project.dir,
    mediaDir: project.paths.media,
    folderName: `${basename(plan.root)}-${Date.now()}`,
  });
  try {
    const id = persistPlan(project, plan, media, {
      copyMedia: options.copyMedia ?? false,
      extras,
      onEpisode: (done, total) => report({ phase: 'writing', done, total }),
    });
    report({ phase: 'done', done: plan.episodes.length, total: plan.episodes.length });
    return id;
  } catch (error) {
    await media.discard();
    throw error;
  }
}
