import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DatasetImportError, describeError, type WarningLog } from './errors';
import { fieldName } from './schemas';

/** Reads a file that must exist; a missing or unreadable file is an error naming `field`. */
async function readText(file: string, field: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file is missing' : `cannot read file (${describeError(err)})`;
    throw new DatasetImportError(file, field, reason, { cause: err });
  }
}

/** Parses and validates one JSON document; the error names the first failing field. */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  const text = await readText(file, '$');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetImportError(file, '$', `not valid JSON (${describeError(err)})`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetImportError(file, fieldName(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/**
 * Reads JSON Lines, keeping the valid lines. A bad line is a warning, not an error: one broken
 * line in a thousand-episode dataset should not cost the other 999. The caller decides what an
 * empty result means.
 */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S,
  log: WarningLog,
): Promise<z.infer<S>[]> {
  const text = await readText(file, '$');
  const items: z.infer<S>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      log.add(file, `line ${i + 1}`, `not valid JSON, line skipped (${describeError(err)})`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      log.add(file, `line ${i + 1} ${fieldName(issue?.path ?? [])}`, `${issue?.message ?? 'invalid'}, line skipped`);
      continue;
    }
    items.push(parsed.data);
  }
  return items;
}
