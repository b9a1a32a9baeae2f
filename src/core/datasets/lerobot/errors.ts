import path from 'node:path';

/**
 * A dataset that cannot be imported at all. `file` is the absolute path of the offending file and
 * `field` the JSON path, parquet column or template that is wrong, so the UI can point at both.
 */
export class DatasetImportError extends Error {
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${field}: ${reason}`, options);
    this.name = 'DatasetImportError';
    this.file = file;
    this.field = field;
  }
}

/**
 * Collects the non-fatal problems of one import. Each warning names the file (relative to the
 * dataset root, which is what a user recognises) and the field. Keyed warnings are kept once, so a
 * quirk repeated in every episode shows up as one line rather than thousands.
 */
export class WarningLog {
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly root: string) {}

  add(file: string, field: string, message: string, onceKey?: string): void {
    if (onceKey !== undefined) {
      if (this.seen.has(onceKey)) return;
      this.seen.add(onceKey);
    }
    this.lines.push(`${this.relative(file)}: ${field}: ${message}`);
  }

  relative(file: string): string {
    const rel = path.relative(this.root, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
  }

  list(): string[] {
    return [...this.lines];
  }
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
