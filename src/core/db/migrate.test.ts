import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { MigrationError, NewerSchemaError } from './errors';
import { APPLICATION_ID, knownMigrations, latestVersion, loadMigrations, migrate, type Migration } from './migrate';
import { freshDb, tempDir } from './testing';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const schemaOf = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();

describe('migrations', () => {
  it('are numbered 1, 2, 3 … and end at the latest version', () => {
    const migrations = knownMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]!.name).toBe('0001_initial');
    expect(latestVersion()).toBe(migrations.length);
  });

  it('apply from empty and record the version', () => {
    const { db } = freshDb();
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(knownMigrations().map((m) => ({ version: m.version, name: m.name })));
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    for (const t of ['datasets', 'episodes', 'cameras', 'frames', 'signals', 'annotations', 'edit_log', 'rollouts']) {
      expect(tables).toContain(t);
    }
  });

  it('are idempotent', () => {
    const { db } = freshDb();
    const before = schemaOf(db);
    expect(migrate(db)).toEqual({ from: latestVersion(), to: latestVersion(), applied: [] });
    expect(schemaOf(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(latestVersion());
  });

  it('refuse a database made by a newer version and leave its bytes alone', () => {
    const { db, file } = freshDb();
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(NewerSchemaError);
    expect(() => openDatabase(file)).toThrow(/newer version of ST4VLA Studio/);
    expect(sha(file)).toBe(before);
  });

  it('check the version before switching a rollback-journal file to WAL', () => {
    const { db, file } = freshDb();
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(NewerSchemaError);
    expect(sha(file)).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('roll back a failing migration as a whole and keep the earlier ones', () => {
    const file = join(tempDir(), 'p.sqlite');
    const migrations: Migration[] = [
      { version: 1, name: '0001_a', sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY);' },
      { version: 2, name: '0002_b', sql: 'CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(file, { create: true, migrations })).toThrow(MigrationError);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['a', 'schema_migrations']);
    db.close();
  });

  it('refuse a migration that leaves broken foreign keys', () => {
    const file = join(tempDir(), 'p.sqlite');
    const migrations: Migration[] = [
      {
        version: 1,
        name: '0001_a',
        sql: `CREATE TABLE p (id INTEGER PRIMARY KEY);
              CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id));
              INSERT INTO c VALUES (1, 42);`,
      },
    ];
    expect(() => openDatabase(file, { create: true, migrations })).toThrow(/break foreign keys/);
  });

  it('map the old review statuses of a version 2 database and keep everything that refers to episodes', () => {
    const file = join(tempDir(), 'p.sqlite');
    const v2 = openDatabase(file, { create: true, migrations: knownMigrations().slice(0, 2) });
    v2.prepare("INSERT INTO datasets (id, name, source_format, source_path, fps, imported_at) VALUES (1, 'd', 'sim', '/d', 10, 0)").run();
    const old = ['unreviewed', 'accepted', 'rejected', 'needs_annotation'];
    old.forEach((status, i) =>
      v2.prepare(`INSERT INTO episodes (id, dataset_id, episode_index, length, fps, review_status, reviewed_by, reviewed_at)
        VALUES (?, 1, ?, 10, 10, ?, 'ann', ?)`).run(i + 1, i, status, 100 + i),
    );
    v2.prepare("INSERT INTO comments (episode_id, frame_index, text, author, created_at) VALUES (2, 3, 'ok', 'ann', 1)").run();
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    v2.close();

    const db = openDatabase(file);
    const rows = db.prepare('SELECT id, review_status AS s, reviewed_by AS by, reviewed_at AS at FROM episodes ORDER BY id').all();
    expect(rows).toEqual([
      { id: 1, s: 'todo', by: 'ann', at: 100 },
      { id: 2, s: 'done', by: 'ann', at: 101 },
      { id: 3, s: 'rejected', by: 'ann', at: 102 },
      { id: 4, s: 'todo', by: 'ann', at: 103 },
    ]);
    expect(db.prepare('SELECT episode_id FROM comments').pluck().all()).toEqual([2]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The new CHECK holds, the old names are refused, and the list filter still reads an index.
    expect(() => db.prepare("UPDATE episodes SET review_status = 'accepted' WHERE id = 1").run()).toThrow(/CHECK/);
    db.prepare("UPDATE episodes SET review_status = 'needs_review' WHERE id = 1").run();
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM episodes WHERE review_status = 'todo'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/episodes_by_review_status/);
    expect(db.prepare("INSERT INTO episodes (dataset_id, episode_index, length, fps) VALUES (1, 9, 1, 10) RETURNING review_status").pluck().get()).toBe('todo');
    db.close();
  });

  it('loads only well-numbered files', () => {
    const dir = join(tempDir(), 'm');
    mkdirSync(dir);
    writeFileSync(join(dir, '0001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_third.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
    writeFileSync(join(dir, '0002_Bad-Name.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/NNNN_name/);
  });
});
