/**
 * A project is a folder: project.sqlite plus media/ (copied videos, caches), runs/ (training runs)
 * and exports/. Paths stored in the database under these folders are relative to the project
 * folder, so a project can be moved or copied as a whole.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../db/connection';
import { NotAProjectDatabaseError } from '../db/errors';
import { schemaVersion } from '../db/migrate';
import { createRepositories, type Repositories } from '../db/repositories/index';
import { NotAProjectError, ProjectExistsError, ProjectFolderMissingError } from './errors';

export { NewerSchemaError } from '../db/errors';
export * from './errors';

export const PROJECT_FILE = 'project.sqlite';
export const PROJECT_FOLDERS = ['media', 'runs', 'exports'] as const;
export type ProjectFolder = (typeof PROJECT_FOLDERS)[number];

export interface Project {
  /** Absolute path of the project folder. */
  dir: string;
  file: string;
  name: string;
  schemaVersion: number;
  db: Db;
  repos: Repositories;
  paths: Record<ProjectFolder, string>;
}

export interface CreateProjectOptions {
  name: string;
}

/** Makes the folder if needed; refuses one that already holds a project. */
export function createProject(dir: string, options: CreateProjectOptions): Project {
  const root = resolve(dir);
  const file = join(root, PROJECT_FILE);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new NotAProjectError(root, 'it is a file, not a folder');
  if (existsSync(file)) throw new ProjectExistsError(root);
  mkdirSync(root, { recursive: true });

  let db: Db | undefined;
  try {
    db = openDatabase(file, { create: true });
    const repos = createRepositories(db);
    repos.transaction(() => {
      repos.meta.set('name', options.name);
      repos.meta.set('created_at', String(Date.now()));
    });
    return finishOpening(root, file, db, repos);
  } catch (error) {
    // Leave no half-made project.sqlite behind: the next open would call it "not a project".
    db?.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    throw error;
  }
}

/** Opens and migrates an existing project. Nothing is written to a project this version refuses. */
export function openProject(dir: string): Project {
  const root = resolve(dir);
  if (!existsSync(root)) throw new ProjectFolderMissingError(root);
  if (!statSync(root).isDirectory()) throw new NotAProjectError(root, 'it is a file, not a folder');
  const file = join(root, PROJECT_FILE);
  if (!existsSync(file)) throw new NotAProjectError(root, `there is no ${PROJECT_FILE} in it`);

  let db: Db;
  try {
    db = openDatabase(file);
  } catch (error) {
    if (error instanceof NotAProjectDatabaseError) throw new NotAProjectError(root, error.message, { cause: error });
    throw error;
  }
  try {
    return finishOpening(root, file, db, createRepositories(db));
  } catch (error) {
    db.close();
    throw error;
  }
}

export function closeProject(project: Project): void {
  if (!project.db.open) return;
  // Lets SQLite refresh its planner statistics where they have drifted; cheap when nothing changed.
  project.db.pragma('optimize');
  project.db.close();
}

/** Absolute path for a path stored relative to the project folder (absolute paths pass through). */
export function resolveInProject(project: Pick<Project, 'dir'>, stored: string): string {
  return isAbsolute(stored) ? stored : join(project.dir, stored);
}

function finishOpening(root: string, file: string, db: Db, repos: Repositories): Project {
  const paths = Object.fromEntries(PROJECT_FOLDERS.map((f) => [f, join(root, f)])) as Record<ProjectFolder, string>;
  for (const folder of Object.values(paths)) mkdirSync(folder, { recursive: true });
  return {
    dir: root,
    file,
    name: repos.meta.get('name') ?? basename(root),
    schemaVersion: schemaVersion(db),
    db,
    repos,
    paths,
  };
}
