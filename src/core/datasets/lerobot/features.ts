import type { WarningLog } from './errors';
import type { Feature, Info, Modality } from './schemas';
import type { LeRobotCamera, ModalityRange } from './types';

/** A camera as info.json declares it, before any file has been looked at: the same shape, unprobed. */
export type DeclaredCamera = LeRobotCamera;

/** One parquet column feeding the state or action vector. */
export interface VectorColumn {
  key: string;
  dim: number;
  names: string[];
}

const NON_VECTOR_DTYPES = new Set(['video', 'image', 'string', 'bool', 'boolean']);

function videoMeta(feature: Feature): Record<string, unknown> {
  return { ...(feature.video_info ?? {}), ...(feature.info ?? {}) };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Modality.json names its views; map each `original_key` back to its short name. */
function viewNames(modality: Modality | null): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const [name, entry] of Object.entries(modality?.video ?? {})) {
    byKey.set(entry.original_key ?? `observation.images.${name}`, name);
  }
  return byKey;
}

export function declaredCameras(info: Info, modality: Modality | null): DeclaredCamera[] {
  const names = viewNames(modality);
  const cameras: DeclaredCamera[] = [];
  for (const [key, feature] of Object.entries(info.features)) {
    if (feature.dtype !== 'video') continue;
    const meta = videoMeta(feature);
    const shape = feature.shape ?? [];
    const axis = Array.isArray(feature.names) ? (feature.names as unknown[]) : [];
    const hAt = axis.indexOf('height');
    const wAt = axis.indexOf('width');
    cameras.push({
      key,
      name: names.get(key) ?? key.split('.').pop() ?? key,
      height: numberOr(meta['video.height'], shape[hAt >= 0 ? hAt : 0] ?? 0),
      width: numberOr(meta['video.width'], shape[wAt >= 0 ? wAt : 1] ?? 0),
      codec: stringOrNull(meta['video.codec']),
      pixFmt: stringOrNull(meta['video.pix_fmt']),
      fps: numberOr(meta['video.fps'], info.fps),
    });
  }
  return cameras;
}

/**
 * Dimension names come as a flat list, a list of lists, or an object of lists (`{motors: [...]}`,
 * `{axes: [...]}`); all flatten to one list. Null when there is nothing usable.
 */
export function flattenNames(names: unknown): string[] | null {
  if (names === null || names === undefined) return null;
  if (typeof names === 'string') return [names];
  const out: string[] = [];
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) return v.every(walk);
    else if (typeof v === 'object' && v !== null) return Object.values(v).every(walk);
    else return false;
    return true;
  };
  return walk(names) && out.length > 0 ? out : null;
}

function fallbackNames(prefix: string, dim: number): string[] {
  return Array.from({ length: dim }, (_, i) => `${prefix}_${i}`);
}

function featureDim(feature: Feature): number {
  return (feature.shape ?? [1]).reduce((a, b) => a * b, 1);
}

/**
 * The columns that make up the state (or action): the column itself when present, else GR00T-style
 * sub-columns such as `action.delta_eef_position` + `action.gripper_close`, in info.json order.
 */
export function vectorColumns(info: Info, base: string, prefix: string, log: WarningLog, infoFile: string): VectorColumn[] {
  const exact = info.features[base];
  const entries: [string, Feature][] = exact
    ? [[base, exact]]
    : Object.entries(info.features).filter(
        ([k, f]) => k.startsWith(`${base}.`) && !NON_VECTOR_DTYPES.has(f.dtype),
      );
  return entries.map(([key, feature]) => {
    const dim = featureDim(feature);
    const names = flattenNames(feature.names);
    const sub = key === base ? prefix : `${prefix}_${key.slice(base.length + 1)}`;
    if (names && names.length !== dim) {
      log.add(infoFile, `features["${key}"].names`, `${names.length} names for ${dim} dimensions; using ${sub}_0..`);
    }
    return { key, dim, names: names && names.length === dim ? names : fallbackNames(sub, dim) };
  });
}

/**
 * Named sub-ranges of the vector. From modality.json when it has the section, else one range per
 * sub-column when the vector was assembled from several, else none. Ranges past the vector's end
 * are dropped with a warning rather than clamped, since a clamped range would silently mislabel.
 */
export function modalityRanges(
  section: Modality['state'],
  columns: VectorColumn[],
  dim: number,
  log: WarningLog,
  modalityFile: string,
  sectionName: string,
): ModalityRange[] {
  if (section && Object.keys(section).length > 0) {
    const ranges: ModalityRange[] = [];
    for (const [name, r] of Object.entries(section)) {
      if (r.end <= r.start || r.end > dim) {
        log.add(modalityFile, `${sectionName}.${name}`, `range ${r.start}:${r.end} does not fit ${dim} dimensions; skipped`);
        continue;
      }
      ranges.push({ name, start: r.start, end: r.end });
    }
    return ranges.sort((a, b) => a.start - b.start);
  }
  if (columns.length < 2) return [];
  let start = 0;
  return columns.map((c) => {
    const range = { name: c.key.split('.').slice(1).join('.') || c.key, start, end: start + c.dim };
    start += c.dim;
    return range;
  });
}

/** When info.json gives no names but modality.json does, `left_arm_0..` beats `state_0..`. */
export function namesFromRanges(ranges: ModalityRange[], names: string[], prefix: string): string[] {
  if (ranges.length === 0 || !names.every((n, i) => n === `${prefix}_${i}`)) return names;
  const out = [...names];
  for (const r of ranges) for (let i = r.start; i < r.end; i++) out[i] = `${r.name}_${i - r.start}`;
  return out;
}
