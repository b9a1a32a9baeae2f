/**
 * All-or-nothing output: everything is written into a hidden sibling folder that is renamed into
 * place at the end, so a crash or an error never leaves a half-written dataset where a reader looks.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DatasetGenerationError } from './errors';

export interface Staging {
  /** The folder to write into. */
  readonly path: string;
  /** The final folder. */
  readonly target: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

async function inspectTarget(target: string, force: boolean): Promise<void> {
  let stats;
  try {
    stats = await lstat(target);
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw new DatasetGenerationError(`output directory ${target} is not writable (${errno(err)})`);
  }
  if (!stats.isDirectory()) throw new DatasetGenerationError(`output path ${target} exists and is not a directory`);
  const entries = await readdir(target);
  if (entries.length === 0) return;
  if (!force) {
    throw new DatasetGenerationError(`output directory ${target} is not empty; pass --force to replace it`);
  }
  // --force replaces a previous dataset, never an arbitrary folder that happens to be named by mistake.
  const isDataset = await access(join(target, 'meta', 'info.json')).then(() => true, () => false);
  if (!isDataset) {
    throw new DatasetGenerationError(
      `refusing to replace ${target}: it is not empty and is not a dataset (no meta/info.json)`,
    );
  }
}

export async function stageOutput(out: string, options: { force?: boolean } = {}): Promise<Staging> {
  const target = resolve(out);
  await inspectTarget(target, options.force ?? false);
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
    await access(parent, constants.W_OK);
  } catch (err) {
    throw new DatasetGenerationError(`output directory ${target} is not writable: cannot write into ${parent} (${errno(err)})`);
  }
  let path: string;
  try {
    path = await mkdtemp(join(parent, `.${basename(target)}.partial-`));
  } catch (err) {
    throw new DatasetGenerationError(`output directory ${target} is not writable: cannot create a folder in ${parent} (${errno(err)})`);
  }

  return {
    path,
    target,
    async commit() {
      const previous = await lstat(target).then(() => true, () => false);
      if (!previous) {
        await rename(path, target);
        return;
      }
      const old = `${path}.old`;
      await rename(target, old);
      try {
        await rename(path, target);
      } catch (err) {
        await rename(old, target).catch(() => undefined);
        throw new DatasetGenerationError(`cannot move the new dataset into ${target}: ${errno(err)}`);
      }
      await rm(old, { recursive: true, force: true });
    },
    async discard() {
      await rm(path, { recursive: true, force: true });
    },
  };
}
