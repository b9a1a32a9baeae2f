import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../db/migrate';
import { tempDir } from '../db/testing';
import {
  NewerSchemaError, NotAProjectError, PROJECT_FILE, ProjectExistsError, ProjectFolderMissingError, closeProject,
  createProject, openProject, resolveInProject,
} from './project';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('project folders', () => {
  it('creates a project with its database and folders', () => {
    const dir = join(tempDir(), 'My Project');
    const project = createProject(dir, { name: 'Pick and place' });
    try {
      expect(project.name).toBe('Pick and place');
      expect(project.schemaVersion).toBe(latestVersion());
      expect(project.file).toBe(join(dir, PROJECT_FILE));
      for (const folder of ['media', 'runs', 'exports']) expect(statSync(join(dir, folder)).isDirectory()).toBe(true);
      expect(project.paths.media).toBe(join(dir, 'media'));
      expect(project.repos.meta.get('created_at')).toMatch(/^\d+$/);
    } finally {
      closeProject(project);
    }
    expect(project.db.open).toBe(false);
    closeProject(project);
  });

  it('reopens with the data and recreates missing folders', () => {
    const dir = tempDir();
    const created = createProject(dir, { name: 'p' });
    const datasetId = created.repos.datasets.insert({ name: 'd', sourceFormat: 'sim', sourcePath: '/x', fps: 10 });
    closeProject(created);
    rmdir(join(dir, 'exports'));

    const opened = openProject(dir);
    try {
      expect(opened.name).toBe('p');
      expect(opened.repos.datasets.get(datasetId)?.name).toBe('d');
      expect(existsSync(join(dir, 'exports'))).toBe(true);
      expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(resolveInProject(opened, 'media/a.mp4')).toBe(join(dir, 'media/a.mp4'));
      expect(resolveInProject(opened, '/abs/a.mp4')).toBe('/abs/a.mp4');
    } finally {
      closeProject(opened);
    }
  });

  it('refuses to create over an existing project', () => {
    const dir = tempDir();
    closeProject(createProject(dir, { name: 'p' }));
    expect(() => createProject(dir, { name: 'q' })).toThrow(ProjectExistsError);
  });

  it('says clearly when the folder is missing', () => {
    expect(() => openProject(join(tempDir(), 'nope'))).toThrow(ProjectFolderMissingError);
    expect(() => openProject(join(tempDir(), 'nope'))).toThrow(/does not exist/);
  });

  it('says clearly when the folder is not a project, and leaves it alone', () => {
    const empty = tempDir();
    expect(() => openProject(empty)).toThrow(NotAProjectError);
    expect(() => openProject(empty)).toThrow(/no project\.sqlite/);
    expect(readdirSync(empty)).toEqual([]);

    const garbage = tempDir();
    writeFileSync(join(garbage, PROJECT_FILE), 'not a database, just text '.repeat(40));
    const before = sha(join(garbage, PROJECT_FILE));
    expect(() => openProject(garbage)).toThrow(/not a SQLite database/);
    expect(sha(join(garbage, PROJECT_FILE))).toBe(before);
    expect(readdirSync(garbage)).toEqual([PROJECT_FILE]);

    const foreign = tempDir();
    const db = new Database(join(foreign, PROJECT_FILE));
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openProject(foreign)).toThrow(NotAProjectError);

    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    expect(() => openProject(file)).toThrow(/not a folder/);
  });

  it('refuses a project made by a newer version without touching anything', () => {
    const dir = tempDir();
    const project = createProject(dir, { name: 'p' });
    project.db.pragma(`user_version = ${latestVersion() + 1}`);
    closeProject(project);
    rmdir(join(dir, 'runs'));
    const before = sha(join(dir, PROJECT_FILE));
    const listing = readdirSync(dir).sort();

    expect(() => openProject(dir)).toThrow(NewerSchemaError);
    expect(sha(join(dir, PROJECT_FILE))).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('leaves no half-made database when creation fails', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'media'));
    writeFileSync(join(dir, 'runs'), 'a file where a folder should be');
    expect(() => createProject(dir, { name: 'p' })).toThrow();
    expect(existsSync(join(dir, PROJECT_FILE))).toBe(false);
  });
});

const rmdir = (path: string) => rmSync(path, { recursive: true });
