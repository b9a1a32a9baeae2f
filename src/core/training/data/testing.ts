/** Helpers for the training data tests: real projects in temp folders, filled by the real importers. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { importLeRobot } from '../../datasets/import/importDataset';
import { closeProject, createProject, type Project } from '../../project/project';
import { buildSample } from '../../samples/sampleProject';

export const TINY_SAMPLE = resolve('test/fixtures/sample-tiny.json');
export const GR1 = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');

const cleanups: (() => void)[] = [];
afterAll(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'st4vla-training-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A project holding the 4-episode tiny sample (64 x 64 front and side cameras, sim ground truth). */
export async function sampleProject(): Promise<{ project: Project; datasetId: number }> {
  const project = createProject(join(tempDir(), 'project'), { name: 'training data test' });
  cleanups.push(() => closeProject(project));
  const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  return { project, datasetId };
}

/** A project with the GR1 fixture imported, optionally from a copy changed by `edit` first. */
export async function gr1Project(edit?: (copy: string) => void | Promise<void>): Promise<{ project: Project; datasetId: number }> {
  const root = tempDir();
  let source = GR1;
  if (edit) {
    source = join(root, 'gr1');
    cpSync(GR1, source, { recursive: true });
    await edit(source);
  }
  const project = createProject(join(root, 'project'), { name: 'gr1 test' });
  cleanups.push(() => closeProject(project));
  return { project, datasetId: await importLeRobot(project, source) };
}
