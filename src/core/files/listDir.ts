import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../shared/contract/errors';
import type { DirListing } from '../../shared/contract/domain';

/**
 * One folder of the backend machine for web mode's folder picker, where no native dialog exists.
 * Folders first, then files, each by name; hidden entries are left out because dataset folders never are.
 */
export async function listDir(path: string | undefined): Promise<DirListing> {
  const dir = resolve(path && path.trim() ? path : homedir());
  let names: string[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new ApiError('bad_request', `not a folder: ${dir}`);
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not_found', `no such folder: ${dir}`);
    if (code === 'EACCES' || code === 'EPERM') throw new ApiError('bad_request', `cannot read folder: ${dir}`);
    throw error;
  }
  const entries = await Promise.all(
    names
      .filter((name) => !name.startsWith('.'))
      .map(async (name) => {
        const full = join(dir, name);
        const isDir = await stat(full).then((s) => s.isDirectory(), () => false);
        return { name, path: full, isDir };
      }),
  );
  entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
  const parent = dirname(dir);
  return { path: dir, parent: parent === dir ? null : parent, entries };
}
