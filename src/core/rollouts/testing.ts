/** Helpers for the rollout tests: short real videos made by ffmpeg, and projects in temp folders. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { locateMediaTools } from '../media/ffmpeg';
import { closeProject, createProject, type Project } from '../project/project';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

export function tempFolder(prefix = 'st4vla-rollouts-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempProject(): Project {
  const project = createProject(join(tempFolder('st4vla-rproject-'), 'project'), { name: 'rollouts' });
  cleanups.push(() => closeProject(project));
  return project;
}

/**
 * A test-pattern video: H.264 4:2:0 mp4 by default; MPEG-4 Part 2 or FFV1 (any size, in .mkv) are codecs
 * the player cannot decode.
 */
export function makeVideo(path: string, options: { frames?: number; fps?: number; width?: number; height?: number; codec?: 'h264' | 'mpeg4' | 'ffv1' } = {}): string {
  const { frames = 6, fps = 10, width = 64, height = 48, codec = 'h264' } = options;
  mkdirSync(dirname(path), { recursive: true });
  const encode = {
    h264: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    mpeg4: ['-c:v', 'mpeg4', '-pix_fmt', 'yuv420p'],
    ffv1: ['-c:v', 'ffv1', '-pix_fmt', 'yuv444p'],
  }[codec];
  execFileSync(locateMediaTools().ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`,
    '-frames:v', String(frames), ...encode, path,
  ]);
  return path;
}

/** A file with a video's name and no video in it. */
export function makeCorruptVideo(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from('this is not an mp4 at all, just text with a video name'));
  return path;
}

export function writeJson(path: string, value: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/** Rows and files an import leaves in the project: all zero after a refused one. */
export function leftovers(project: Project) {
  const count = (table: string) => project.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  let folders: string[] = [];
  try {
    folders = readdirSync(join(project.dir, 'rollouts'));
  } catch {
    folders = [];
  }
  return { evaluations: count('evaluations'), rollouts: count('rollouts'), folders };
}
