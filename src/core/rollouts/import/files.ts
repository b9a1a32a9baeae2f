/** Walking an import folder: every file under it in a stable order, hidden ones left out. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { RolloutImportError } from './errors';
import { VIDEO_EXTENSIONS } from './plan';

export function requireFolder(path: string): void {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new RolloutImportError(path, 'does not exist');
  }
  if (!isDir) throw new RolloutImportError(path, 'is a file; choose the folder that holds the rollouts');
}

/** Every file under dir (recursively), sorted by path; dot files and folders are skipped. */
export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  visit(dir);
  return out;
}

export const isVideo = (file: string) => VIDEO_EXTENSIONS.includes(extname(file).toLowerCase());

/** The file name without its extension. */
export const stem = (file: string) => {
  const name = file.split(/[\\/]/).pop()!;
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
};
