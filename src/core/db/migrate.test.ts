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
