/** Helpers for the training data tests: real projects in temp folders, filled by the real importers. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
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

/** Rewrites one value of a list column of a parquet file in place (e.g. a NaN into an action). */
export async function setParquetListValue(file: string, column: string, row: number, index: number, value: number): Promise<void> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const rows = await parquetReadObjects({ file: buffer, compressors });
  const list = rows[row]![column] as number[];
  list[index] = value;
  const top = metadata.schema.slice(1).filter((s, i, all) => {
    // Top-level columns are the schema children; a LIST's own 'list'/'element' entries follow it.
    const before = all[i - 1];
    const twoBefore = all[i - 2];
    return !(before?.converted_type === 'LIST' || twoBefore?.converted_type === 'LIST');
  });
  const columnData = top.map((s) => ({ name: s.name, data: rows.map((r) => r[s.name]) }));
  writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData, schema: metadata.schema })));
}
