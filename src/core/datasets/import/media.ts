import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface StagedFile {
  /** Absolute when referenced in place; relative to the project folder when copied into it. */
  path: string;
  inProject: boolean;
  sizeBytes: number | null;
  mtimeMs: number | null;
}

export interface StagedMedia {
  locate(sourceFile: string): StagedFile;
  /** Removes copies made for an import that then failed, so a failed import leaves nothing. */
  discard(): Promise<void>;
}

/**
 * Prepares the videos of an import before the database transaction: references them in place, or copies
 * them under the project's media folder (async work that cannot run inside a SQLite transaction).
 */
export async function stageMedia(
  files: string[],
  options: { copy: boolean; datasetRoot: string; projectDir: string; mediaDir: string; folderName: string },
): Promise<StagedMedia> {
  const staged = new Map<string, StagedFile>();
  const copies: string[] = [];
  const target = join(options.mediaDir, options.folderName);
  try {
    for (const file of new Set(files)) {
      const info = await stat(file);
      if (!options.copy) {
        staged.set(file, { path: file, inProject: false, sizeBytes: info.size, mtimeMs: Math.round(info.mtimeMs) });
        continue;
      }
      const destination = join(target, relative(options.datasetRoot, file));
      await mkdir(dirname(destination), { recursive: true });
      await copyFile(file, destination);
      copies.push(destination);
      staged.set(file, {
        path: relative(options.projectDir, destination),
        inProject: true,
        sizeBytes: info.size,
        mtimeMs: Math.round(info.mtimeMs),
      });
    }
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  return {
    locate(sourceFile) {
      const found = staged.get(sourceFile);
      if (!found) throw new Error(`video ${sourceFile} was not staged for import`);
      return found;
    },
    async discard() {
      if (copies.length > 0) await rm(target, { recursive: true, force: true });
    },
  };
}
