import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { NotAProjectDatabaseError } from './errors';
import { freshDb, tempDir } from './testing';

describe('openDatabase', () => {
  it('sets WAL, foreign keys, NORMAL sync and a busy timeout', () => {
    const { db } = freshDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('keeps the pragmas when reopening an existing file', () => {
    const { db, file } = freshDb();
    db.close();
    const again = openDatabase(file);
    try {
      expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(again.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(again.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      again.close();
    }
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = join(tempDir(), 'none.sqlite');
    expect(() => openDatabase(file)).toThrow(NotAProjectDatabaseError);
  });

  it('refuses a file that is not SQLite', () => {
    const file = join(tempDir(), 'project.sqlite');
    writeFileSync(file, 'just some text, certainly not a database header '.repeat(20));
    expect(() => openDatabase(file)).toThrow(/not a SQLite database/);
  });

  it("refuses another application's SQLite database and leaves it alone", () => {
    const file = join(tempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    other.close();
    expect(() => openDatabase(file)).toThrow(/another application/);
    expect(() => openDatabase(file, { create: true })).toThrow(/another application/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('refuses an empty database unless creating', () => {
    const file = join(tempDir(), 'empty.sqlite');
    new Database(file).close();
    expect(() => openDatabase(file)).toThrow(/empty database/);
    openDatabase(file, { create: true }).close();
    openDatabase(file).close();
  });
});

describe('WAL', () => {
  it('lets a second connection read the last commit while a write is open', () => {
    const { db, file } = freshDb();
    db.prepare("INSERT INTO project_meta (key, value) VALUES ('name', 'before')").run();
    const reader = openDatabase(file);
    try {
      db.exec('BEGIN IMMEDIATE');
      db.prepare("UPDATE project_meta SET value = 'after' WHERE key = 'name'").run();
      expect(reader.prepare("SELECT value FROM project_meta WHERE key = 'name'").pluck().get()).toBe('before');
      db.exec('COMMIT');
      expect(reader.prepare("SELECT value FROM project_meta WHERE key = 'name'").pluck().get()).toBe('after');
    } finally {
      reader.close();
    }
  });
});
