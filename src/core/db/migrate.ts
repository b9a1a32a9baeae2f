/**
 * Schema migrations: numbered SQL files in ./migrations, each applied in its own transaction.
 * PRAGMA user_version is the truth about which ones ran (it is read without touching any table);
 * schema_migrations keeps the history of when each was applied.
 *
 * The .sql files are read from disk beside this module (import.meta.url), so a bundled build must
 * ship the migrations folder next to the bundle or pass its own list to migrate().
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { MigrationError, NewerSchemaError } from './errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** 'ST4V' in ASCII: marks a SQLite file as ours, so another app's database is told apart. */
export const APPLICATION_ID = 0x53543456;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads and checks the migration files: numbered 1, 2, 3 … without gaps or repeats. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file, i): Migration => {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration file ${file} is not named NNNN_name.sql`);
    const version = Number(match[1]);
    if (version !== i + 1) throw new Error(`migration ${file} should be number ${i + 1}; the numbers must run 1, 2, 3 without gaps`);
    return { version, name: file.slice(0, -'.sql'.length), sql: readFileSync(join(dir, file), 'utf8') };
  });
  if (migrations.length === 0) throw new Error(`no migrations found in ${dir}`);
  return migrations;
}

let bundled: Migration[] | undefined;

/** The migrations this build knows, read once. */
export function knownMigrations(): Migration[] {
  bundled ??= loadMigrations();
  return bundled;
}

export function latestVersion(migrations: Migration[] = knownMigrations()): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Reads the version without writing anything. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the database to the latest version. Idempotent. A database newer than this build is refused
 * before any statement that writes. Each migration runs with foreign keys off (so a future migration
 * may rebuild a table the documented SQLite way) and must leave no broken reference behind.
 */
export function migrate(db: Database, migrations: Migration[] = knownMigrations()): MigrationResult {
  const from = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (from > latest) throw new NewerSchemaError(db.name, from, latest);

  const pending = migrations.filter((m) => m.version > from);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  try {
    db.pragma('foreign_keys = OFF');
    for (const migration of pending) applyOne(db, migration);
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { from, to: Math.max(from, latest), applied: pending.map((m) => m.name) };
}

function applyOne(db: Database, migration: Migration): void {
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    db.exec(migration.sql);
    const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (broken.length > 0) {
      const first = broken[0]!;
      throw new Error(`${broken.length} rows break foreign keys (first: ${first.table} -> ${first.parent})`);
    }
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      Date.now(),
    );
    // Both pragmas write the file header inside this transaction, so they roll back with it.
    db.pragma(`user_version = ${migration.version}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  });
  try {
    run.immediate();
  } catch (error) {
    throw new MigrationError(migration.version, migration.name, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
