/**
 * The record of exactly what a run trained on: episodes (with a hash of their actions), annotations
 * (ids and a hash of each row as read), ground-truth episodes, frame caches, config, seed, backend and
 * code version. contentHash covers everything but the time and the backend, so two runs with the same
 * hash saw the same data in the same order.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE, type TrainingStage } from '../../../shared/training/dataset';
import type { TrainingDataConfig } from './config';

export interface RunManifest {
  version: 1;
  createdAt: number;
  stage: TrainingStage;
  seed: number;
  config: TrainingDataConfig;
  /** What the worker picked (e.g. 'tfjs-node'); filled in once it has started. */
  backend: string | null;
  codeVersion: string;
  episodes: { id: number; datasetId: number; index: number; split: 'train' | 'val'; frames: number; actionHash: string | null }[];
  annotations: { id: string; hash: string }[];
  annotationsHash: string;
  groundTruthEpisodes: number[];
  frameCaches: { datasetId: number; camera: string; size: number; fingerprint: string }[];
  /** Rendered grounding scenes the run added (scenes.ts): how many, their seed, the samples they gave. */
  scenes: { count: number; seed: number; samples: number } | null;
  counts: { actionTrain: number; actionVal: number; groundingTrain: number; groundingVal: number };
  contentHash: string;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function withContentHash(manifest: Omit<RunManifest, 'contentHash'>): RunManifest {
  const { createdAt: _time, backend: _backend, ...content } = manifest;
  return { ...manifest, contentHash: sha256(JSON.stringify(content)) };
}

/** The package version and, in a git checkout, the commit: read from files, no git process. */
export function codeVersion(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const { name, version } = JSON.parse(readFileSync(pkg, 'utf8')) as { name: string; version: string };
      const commit = process.env.ST4VLA_COMMIT || gitCommit(join(dir, '.git'));
      return `${name}@${version}${commit ? `+${commit.slice(0, 12)}` : ''}`;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

function gitCommit(dotGit: string): string | null {
  try {
    // A worktree's .git is a file naming its git dir; refs may be loose or packed in the common dir.
    let gitDir = dotGit;
    if (statSync(dotGit).isFile()) gitDir = readFileSync(dotGit, 'utf8').replace(/^gitdir:\s*/, '').trim();
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref:')) return head;
    const ref = head.slice(4).trim();
    const common = existsSync(join(gitDir, 'commondir')) ? join(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
    for (const dir of [gitDir, common]) if (existsSync(join(dir, ref))) return readFileSync(join(dir, ref), 'utf8').trim();
    const packed = readFileSync(join(common, 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
    return packed?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** Records the backend the worker picked once it has started; the content hash stays as it was. */
export function recordBackend(runDir: string, backend: string): RunManifest {
  const file = join(runDir, MANIFEST_FILE);
  const manifest = { ...(JSON.parse(readFileSync(file, 'utf8')) as RunManifest), backend };
  const temp = `${file}.part-${process.pid}`;
  writeFileSync(temp, JSON.stringify(manifest, null, 1));
  renameSync(temp, file);
  return manifest;
}
