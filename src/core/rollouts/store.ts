/**
 * The rollout store: a rollout is a folder `rollouts/<id>/` in the project (rollout.json + <camera>.mp4)
 * and a row that indexes it. Rollouts arrive already written in a staging folder (an importer's or an
 * evaluation's) and are moved in under one transaction, so a rollout is either fully there or not at all.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROLLOUT_FILE, RolloutRecord } from '../../shared/rollouts/record';
import type { CatalogRollout, RolloutCamera } from '../db/repositories';
import { probeVideo } from '../media/ffmpeg';
import { resolveInProject, type Project } from '../project/project';
import { ensureTaxonomy } from './taxonomy';

export const ROLLOUTS_FOLDER = 'rollouts';

/** A rollout written in a staging folder, ready to be moved in. */
export interface StagedRollout {
  /** Absolute path of the folder holding rollout.json and one <camera>.mp4 per camera. */
  dir: string;
  record: RolloutRecord;
  /** Size of each camera's video, in the record's camera order. */
  cameras: { name: string; width: number; height: number }[];
  index: number;
  variant?: string | null;
  seed?: number | null;
  taskFamily?: string | null;
  /** A failure tag proposed from the signals; when left out, one follows from the termination reason. */
  suggestedTag?: string | null;
}

export class RolloutFolderError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RolloutFolderError';
  }
}

/**
 * Reads and checks a rollout folder written elsewhere (e.g. by an evaluation): rollout.json against the
 * schema, and a video per camera with a frame for every step.
 */
export async function readRolloutFolder(dir: string): Promise<Pick<StagedRollout, 'dir' | 'record' | 'cameras'>> {
  const file = join(dir, ROLLOUT_FILE);
  if (!existsSync(file)) throw new RolloutFolderError(file, 'missing');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RolloutFolderError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = RolloutRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RolloutFolderError(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const record = parsed.data;
  const cameras = [];
  for (const name of record.cameras) {
    const video = join(dir, `${name}.mp4`);
    if (!existsSync(video)) throw new RolloutFolderError(video, `camera "${name}" is listed in ${ROLLOUT_FILE} but its video is missing`);
    let info;
    try {
      info = await probeVideo(video);
    } catch (error) {
      throw new RolloutFolderError(video, `cannot be decoded (${(error as Error).message.split('\n')[0]})`);
    }
    if (info.frames < record.steps.length) {
      throw new RolloutFolderError(video, `has ${info.frames} frames for ${record.steps.length} steps; step i is frame i`);
    }
    cameras.push({ name, width: info.width, height: info.height });
  }
  return { dir, record, cameras };
}

/**
 * Stores the rollout folders an evaluation wrote (in order) under that evaluation: each is checked as
 * readRolloutFolder does, and variant, seed and family come from its record's meta. All or nothing.
 */
export async function storeRolloutFolders(
  project: Project,
  evaluationId: number,
  dirs: string[],
  suggest?: (record: RolloutRecord) => string | null | undefined,
): Promise<number[]> {
  const staged: StagedRollout[] = [];
  for (const [index, dir] of dirs.entries()) {
    const folder = await readRolloutFolder(dir);
    const suggestedTag = suggest?.(folder.record);
    staged.push({ ...stagedFromMeta(folder, index), ...(suggestedTag !== undefined ? { suggestedTag } : {}) });
  }
  return storeRollouts(project, evaluationId, staged);
}

/** A read rollout folder as a staged rollout at `index`, its variant, seed and family taken from the record's meta. */
export function stagedFromMeta(folder: Pick<StagedRollout, 'dir' | 'record' | 'cameras'>, index: number): StagedRollout {
  const { variant, seed, family } = folder.record.meta;
  return {
    ...folder,
    index,
    variant: typeof variant === 'string' ? variant : null,
    seed: Number.isInteger(seed) ? (seed as number) : null,
    taskFamily: typeof family === 'string' ? family : null,
  };
}

/** The tag a failure's termination reason implies, when it implies one the taxonomy has. */
export function suggestFromReason(record: Pick<RolloutRecord, 'success' | 'reason'>, taxonomy: string[]): string | null {
  if (record.success || record.reason === 'success' || record.reason === 'unknown') return null;
  return taxonomy.includes(record.reason) ? record.reason : null;
}

/**
 * Moves staged rollouts into the project under one evaluation, in one transaction: rows are inserted and
 * folders renamed to rollouts/<id>; any failure puts back what was moved and inserts nothing.
 */
export function storeRollouts(project: Project, evaluationId: number, staged: StagedRollout[]): number[] {
  const repos = project.repos;
  const root = join(project.dir, ROLLOUTS_FOLDER);
  mkdirSync(root, { recursive: true });
  const moved: { from: string; to: string }[] = [];
  try {
    return repos.transaction(() => {
      const taxonomy = ensureTaxonomy(repos).map((t) => t.name);
      return staged.map((s) => {
        const id = repos.rolloutCatalog.insert({
          evaluationId,
          index: s.index,
          sourceFormat: s.record.source,
          variant: s.variant ?? null,
          seed: s.seed ?? null,
          taskFamily: s.taskFamily ?? null,
          instruction: s.record.instruction,
          success: s.record.success,
          reason: s.record.reason,
          steps: s.record.steps.length,
          fps: s.record.fps,
          cameras: [],
          suggestedTag: s.suggestedTag === undefined ? suggestFromReason(s.record, taxonomy) : s.suggestedTag,
          metadata: s.record.meta,
        });
        const folder = `${ROLLOUTS_FOLDER}/${id}`;
        const target = join(project.dir, folder);
        // A folder left by a rollout whose row was deleted would otherwise mix two rollouts' files.
        rmSync(target, { recursive: true, force: true });
        move(s.dir, target);
        moved.push({ from: s.dir, to: target });
        const cameras: RolloutCamera[] = s.cameras.map((c) => ({ ...c, path: `${folder}/${c.name}.mp4` }));
        repos.rolloutCatalog.setFolder(id, folder, cameras);
        return id;
      });
    });
  } catch (error) {
    for (const { from, to } of moved.reverse()) {
      try {
        move(to, from);
      } catch {
        rmSync(to, { recursive: true, force: true });
      }
    }
    throw error;
  }
}

/** Rename, or copy and delete when the staging folder is on another file system. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** The rollout's record as stored in its folder. */
export function readStoredRecord(project: Project, rollout: CatalogRollout): RolloutRecord {
  if (!rollout.folder) throw new RolloutFolderError(`rollout ${rollout.id}`, 'has no folder (recorded before rollouts were kept as folders)');
  const file = join(resolveInProject(project, rollout.folder), ROLLOUT_FILE);
  if (!existsSync(file)) throw new RolloutFolderError(file, 'missing: the rollout folder was moved or deleted');
  return RolloutRecord.parse(JSON.parse(readFileSync(file, 'utf8')));
}
