import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ReadContext } from './context';
import { DatasetImportError, type WarningLog } from './errors';
import { formatTemplate, TemplateError } from './template';

export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export interface TemplateResolver {
  /** The absolute path the values point at, or null when neither template finds a file. */
  resolve(values: Record<string, string | number>): Promise<{ file: string | null; expected: string }>;
}

/**
 * Resolves a path template from info.json, falling back to the standard layout when the declared
 * template points nowhere. Real exporters get templates wrong (GR00T's demo formats the chunk
 * with `{episode_index:03d}`), while the files sit where LeRobot itself would put them; reading
 * them with one warning beats refusing the dataset.
 */
export function templateResolver(
  root: string,
  declared: string | null,
  standard: string,
  log: WarningLog,
  infoFile: string,
  field: string,
): TemplateResolver {
  const format = (template: string, values: Record<string, string | number>): string | null => {
    try {
      return path.join(root, formatTemplate(template, values));
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      log.add(infoFile, field, `template "${template}" cannot be used (${err.message})`, `bad:${field}`);
      return null;
    }
  };
  return {
    async resolve(values) {
      const primary = declared === null ? null : format(declared, values);
      if (primary !== null && (await fileExists(primary))) return { file: primary, expected: primary };
      const fallback = declared === standard ? null : format(standard, values);
      if (fallback !== null && (await fileExists(fallback))) {
        if (declared !== null && primary !== null) {
          log.add(
            infoFile,
            field,
            `template "${declared}" points to missing files such as ${log.relative(primary)}; read the standard layout "${standard}" instead`,
            `fallback:${field}`,
          );
        }
        return { file: fallback, expected: primary ?? fallback };
      }
      return { file: null, expected: primary ?? fallback ?? path.join(root, declared ?? standard) };
    },
  };
}

/** Some missing data files cost their episodes; all of them missing means the template is wrong. */
export function reportMissingData(ctx: ReadContext, missing: string[], found: number, template: string): void {
  if (missing.length === 0) return;
  const example = ctx.log.relative(missing[0] as string);
  if (found === 0) {
    throw new DatasetImportError(ctx.infoFile, 'data_path', `template "${template}" matches no data file (first expected: ${example})`);
  }
  const shown = missing.slice(0, 5).map((f) => ctx.log.relative(f)).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  ctx.log.add(ctx.infoFile, 'data_path', `${missing.length} data file(s) missing, their episodes skipped: ${shown}${more}`);
}
