import { z } from 'zod';

/** Shapes of the things the studio shows, as they cross the contract. */

export const REVIEW_STATUSES = ['unreviewed', 'accepted', 'rejected', 'needs_annotation'] as const;
export const ReviewStatus = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const Id = z.number().int().positive();

export const ProjectInfo = z.object({
  dir: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  datasetCount: z.number().int(),
  episodeCount: z.number().int(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const AppInfo = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  project: ProjectInfo.nullable(),
  /** True while the sample project is being built on first start. */
  preparingSample: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const DatasetSummary = z.object({
  id: Id,
  name: z.string(),
  format: z.string(),
  formatVersion: z.string(),
  sourcePath: z.string(),
  fps: z.number(),
  episodeCount: z.number().int(),
  frameCount: z.number().int(),
  cameras: z.array(z.string()),
  /** What the importer found missing or inconsistent; the data that was there was imported. */
  warnings: z.array(z.string()),
  importedAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const EPISODE_SORTS = ['index', 'length', 'instruction'] as const;

export const EpisodeQuery = z.object({
  datasetId: Id.optional(),
  /** Words that must all occur in the instruction, any case. */
  search: z.string().max(500).optional(),
  task: z.string().max(1000).optional(),
  reviewStatus: ReviewStatus.optional(),
  hasAnnotations: z.boolean().optional(),
  sort: z.enum(EPISODE_SORTS).default('index'),
  descending: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5000).default(200),
});
export type EpisodeQuery = z.input<typeof EpisodeQuery>;

export const EpisodeRow = z.object({
  id: Id,
  datasetId: Id,
  index: z.number().int(),
  instruction: z.string(),
  length: z.number().int(),
  fps: z.number(),
  reviewStatus: ReviewStatus,
  annotationCount: z.number().int(),
});
export type EpisodeRow = z.infer<typeof EpisodeRow>;

export const EpisodePage = z.object({ total: z.number().int(), rows: z.array(EpisodeRow) });
export type EpisodePage = z.infer<typeof EpisodePage>;

export const CameraInfo = z.object({
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  codec: z.string(),
  /** Frames of this camera in this episode; frame i is the i-th frame of the stream from `fromTimestamp`. */
  frameCount: z.number().int(),
  fps: z.number(),
  fromTimestamp: z.number(),
  /** Path relative to the media endpoint; the platform layer turns it into a URL. */
  mediaPath: z.string(),
  /** Whether the codec is one Chromium decodes (H.264, AV1, VP9, VP8); false means the UI offers to transcode. */
  playable: z.boolean(),
});
export type CameraInfo = z.infer<typeof CameraInfo>;

export const SignalInfo = z.object({
  name: z.enum(['state', 'action']),
  dims: z.array(z.string()),
});

export const EpisodeDetail = EpisodeRow.extend({
  datasetName: z.string(),
  cameras: z.array(CameraInfo),
  signals: z.array(SignalInfo),
});
export type EpisodeDetail = z.infer<typeof EpisodeDetail>;

export const SignalData = z.object({
  name: z.enum(['state', 'action']),
  dims: z.array(z.string()),
  length: z.number().int(),
  /** Row-major: values[frame * dims.length + dim]. */
  values: z.array(z.number()),
});
export type SignalData = z.infer<typeof SignalData>;

export const JobProgress = z.object({
  jobId: z.string(),
  kind: z.enum(['import', 'sample', 'transcode']),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  message: z.string().optional(),
  finished: z.boolean().default(false),
  error: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const DirEntry = z.object({ name: z.string(), path: z.string(), isDir: z.boolean() });
export const DirListing = z.object({ path: z.string(), parent: z.string().nullable(), entries: z.array(DirEntry) });
export type DirListing = z.infer<typeof DirListing>;
