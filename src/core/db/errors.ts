/** Errors of opening and migrating a project database. Each message says what to do about it. */

/** The file was written by a newer studio. Raised before anything in the file is touched. */
export class NewerSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${file} was made by a newer version of ST4VLA Studio (schema ${found}; this version knows up to ${supported}). ` +
        'Update the studio to open it; the file was not changed.',
    );
    this.name = 'NewerSchemaError';
  }
}

/** The file exists but is not a studio project database (another SQLite file, or not SQLite at all). */
export class NotAProjectDatabaseError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} is not an ST4VLA Studio project database: ${reason}`, options);
    this.name = 'NotAProjectDatabaseError';
  }
}

/** A migration failed; its transaction was rolled back, so the file stays at the previous version. */
export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly migration: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migration} failed and was rolled back: ${reason}`, options);
    this.name = 'MigrationError';
  }
}
