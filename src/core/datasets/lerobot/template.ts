/**
 * LeRobot path templates use Python's str.format: `{name}` and `{name:03d}`. Only the integer and
 * plain forms occur in real datasets, so that is all this supports; anything else is reported by
 * the caller as a bad template rather than guessed at.
 */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d*)d)?\}/g;

export class TemplateError extends Error {}

export function formatTemplate(template: string, values: Record<string, string | number>): string {
  const out = template.replace(PLACEHOLDER, (_match, name: string, zero: string, width: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateError(`unknown placeholder {${name}}`);
    if (width === undefined || width === '') return String(value);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new TemplateError(`placeholder {${name}} needs an integer, got ${JSON.stringify(value)}`);
    }
    const digits = String(Math.abs(value)).padStart(Number(width), zero === '0' ? '0' : ' ');
    return value < 0 ? `-${digits}` : digits;
  });
  if (/[{}]/.test(out)) throw new TemplateError(`unsupported placeholder in "${template}"`);
  return out;
}

export const DEFAULT_TEMPLATES = {
  v2: {
    data: 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet',
    video: 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4',
  },
  v3: {
    data: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet',
    video: 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4',
  },
} as const;
