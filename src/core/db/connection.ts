/**
 * Opening a project database: identify the file, refuse what is not ours or is too new, then set the
 * pragmas and migrate. Identification only reads the header, so a refused file is left byte for byte
 * as it was.
 */
import Database from 'better-sqlite3';
import { NewerSchemaError, NotAProjectDatabaseError } from './errors';
import { APPLICATION_ID, knownMigrations, latestVersion, migrate, schemaVersion, type Migration } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when missing and accept an empty database (a new project). Default false. */
  create?: boolean;
  /** Apply pending migrations. Default true; off only for tests that inspect an old schema. */
  migrate?: boolean;
  /** How long a statement waits for another connection's write lock. */
  busyTimeoutMs?: number;
  migrations?: Migration[];
  /** Receives every statement run, with its values filled in (for debugging and the index test). */
  verbose?: (sql: string) => void;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? knownMigrations();
  let db: Db;
  try {
    db = new Database(file, {
      fileMustExist: !options.create,
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      // Inside Electron the Node build of the addon has the wrong ABI; main points this at an Electron build.
      ...(process.env.ST4VLA_SQLITE_BINDING && { nativeBinding: process.env.ST4VLA_SQLITE_BINDING }),
      ...(options.verbose && { verbose: (message?: unknown) => options.verbose!(String(message)) }),
    });
  } catch (error) {
    throw new NotAProjectDatabaseError(file, 'the file cannot be opened (missing or unreadable)', { cause: error });
  }
  try {
    identify(db, file, Boolean(options.create), latestVersion(migrations));
    // WAL lets readers (screens, exports) run while an import or training writes. NORMAL is the
    // usual pairing: a commit survives an app crash; only an OS crash can lose the last commits.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.migrate !== false) migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function identify(db: Db, file: string, allowEmpty: boolean, latest: number): void {
  let applicationId: number;
  let version: number;
  let objects: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    version = schemaVersion(db);
    objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
  } catch (error) {
    throw new NotAProjectDatabaseError(file, 'it is not a SQLite database', { cause: error });
  }
  if (applicationId === APPLICATION_ID) {
    if (version > latest) throw new NewerSchemaError(file, version, latest);
    return;
  }
  if (applicationId !== 0) throw new NotAProjectDatabaseError(file, `it belongs to another application (id ${applicationId})`);
  if (objects > 0) throw new NotAProjectDatabaseError(file, 'it is a SQLite database of another application');
  if (!allowEmpty) throw new NotAProjectDatabaseError(file, 'it is an empty database');
}
