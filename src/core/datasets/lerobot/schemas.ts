import { z } from 'zod';

/**
 * Schemas of the JSON metadata. Loose on purpose: real datasets carry extra keys (GR00T's
 * `video_info`, `splits`, `total_videos` that mean different things per exporter), so unknown keys
 * pass through and only what the reader relies on is checked.
 */

const count = z.number().int().nonnegative();

/** Video metadata lives under `info` (v2.1, v3.0) or `video_info` (v2.0, GR00T). */
const videoInfo = z.record(z.string(), z.unknown()).nullable().optional();

export const featureSchema = z.looseObject({
  dtype: z.string(),
  shape: z.array(count).optional(),
  /** Flat list, nested list, `{motors: [...]}` or `{axes: [...]}`: normalised in features.ts. */
  names: z.unknown().optional(),
  info: videoInfo,
  video_info: videoInfo,
});
export type Feature = z.infer<typeof featureSchema>;

export const infoSchema = z.looseObject({
  codebase_version: z.string().optional(),
  robot_type: z.string().nullable().optional(),
  fps: z.number().positive(),
  total_episodes: count.optional(),
  total_frames: count.optional(),
  total_tasks: count.optional(),
  total_chunks: count.optional(),
  chunks_size: count.optional(),
  data_path: z.string().min(1).optional(),
  video_path: z.string().min(1).nullable().optional(),
  splits: z.record(z.string(), z.unknown()).optional(),
  features: z.record(z.string(), featureSchema),
});
export type Info = z.infer<typeof infoSchema>;

/** Old exporters wrote `tasks` as one string; it is normalised to a list. */
const taskList = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((t) => (t === undefined ? [] : typeof t === 'string' ? [t] : t));

export const episodeLineSchema = z.looseObject({
  episode_index: count,
  length: count,
  tasks: taskList,
});
export type EpisodeLine = z.infer<typeof episodeLineSchema>;

export const taskLineSchema = z.looseObject({
  task_index: count,
  task: z.string(),
});

const rangeEntry = z.looseObject({
  start: count,
  end: count,
  original_key: z.string().optional(),
});

export const modalitySchema = z.looseObject({
  state: z.record(z.string(), rangeEntry).optional(),
  action: z.record(z.string(), rangeEntry).optional(),
  video: z.record(z.string(), z.looseObject({ original_key: z.string().optional() })).optional(),
  annotation: z.unknown().optional(),
});
export type Modality = z.infer<typeof modalitySchema>;

/** A zod issue path as a readable field name: `features["observation.state"].shape[0]`. */
export function fieldName(pathParts: readonly PropertyKey[]): string {
  if (pathParts.length === 0) return '$';
  let out = '';
  for (const part of pathParts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}
