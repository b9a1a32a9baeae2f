import { z } from 'zod';
import { ANNOTATION_KINDS } from './annotations';

/** Shapes of the things the studio shows, as they cross the contract. */

/** An episode's place in the review workflow; `todo` turns `in_progress` by itself when its first annotation is stored. */
export const REVIEW_STATUSES = ['todo', 'in_progress', 'done', 'needs_review', 'rejected'] as const;
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
  kind: z.enum(['import', 'sample', 'transcode', 'track', 'export', 'train', 'evaluate']),
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

// Annotations, history, labels, comments ------------------------------------------------------------

export const ANNOTATION_SOURCES = ['manual', 'interpolated', 'tracked', 'projected', 'imported', 'ground_truth'] as const;
export const AnnotationSource = z.enum(ANNOTATION_SOURCES);
export type AnnotationSource = z.infer<typeof AnnotationSource>;
/** Values a machine made; a person's edit turns them into 'manual'. */
export const AUTOMATIC_SOURCES: readonly AnnotationSource[] = ['interpolated', 'tracked', 'projected'];

/** Who is calling: a window sends its own id so it can ignore the echo of its own edits. */
const ClientId = z.string().min(1).max(100);
/** The person behind an edit; the backend's OS user name when absent. */
const Author = z.string().min(1).max(200);
const AnnotationId = z.string().min(1).max(100);
const Frame = z.number().int().nonnegative();

export const Annotation = z.object({
  id: z.string(),
  episodeId: Id,
  camera: z.string(),
  kind: z.string(),
  /** A frame annotation has frameStart = frameEnd; a track spans its keyframes; a segment its frames (inclusive). */
  frameStart: z.number().int(),
  frameEnd: z.number().int(),
  isTrack: z.boolean(),
  /** The kind's geometry, or a TrackGeometry when isTrack. */
  geometry: z.unknown(),
  labelId: Id.nullable(),
  query: z.string().nullable(),
  source: AnnotationSource,
  confidence: z.number().nullable(),
  /** Who made it; each history step keeps who edited it. */
  author: z.string(),
  createdAt: z.number(),
  /** Unix ms of the version; the base of optimistic concurrency (see baseUpdatedAt). */
  updatedAt: z.number(),
});
export type Annotation = z.infer<typeof Annotation>;

/** Geometry is checked by the backend against the kind, the image and the episode, so errors name the field. */
export const AnnotationCreate = z.object({
  op: z.literal('create'),
  /** Made by the client (a UUID) so it can show the shape before the answer; made here when absent. */
  id: AnnotationId.optional(),
  /** A segment belongs to the whole episode: it is filed under the camera it was made on and shown on every camera. */
  camera: z.string().min(1),
  kind: z.enum(ANNOTATION_KINDS),
  frame: Frame,
  /** The last frame (inclusive) of a segment, at or after `frame`; `frame` when absent. Segments only. */
  frameEnd: Frame.optional(),
  isTrack: z.boolean().default(false),
  geometry: z.unknown(),
  labelId: Id.nullable().default(null),
  query: z.string().max(2000).nullable().default(null),
  /** Absent means a person drew it ('manual'); tools name their own source. */
  source: AnnotationSource.optional(),
  confidence: z.number().min(0).max(1).nullable().default(null),
});
/** Only the fields given change. Without `source`, a person's edit makes an automatic value manual. */
export const AnnotationUpdate = z.object({
  op: z.literal('update'),
  id: AnnotationId,
  /** The updatedAt the client last saw; a different stored one is a conflict. */
  baseUpdatedAt: z.number().optional(),
  /** Moves a frame annotation to another frame; a track takes its frames from its keyframes. */
  frame: Frame.optional(),
  /** A segment's new last frame (inclusive); absent keeps the stored one. Segments only. */
  frameEnd: Frame.optional(),
  geometry: z.unknown().optional(),
  labelId: Id.nullable().optional(),
  query: z.string().max(2000).nullable().optional(),
  source: AnnotationSource.optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
});
export const AnnotationDelete = z.object({ op: z.literal('delete'), id: AnnotationId, baseUpdatedAt: z.number().optional() });
export const AnnotationChange = z.discriminatedUnion('op', [AnnotationCreate, AnnotationUpdate, AnnotationDelete]);
export type AnnotationChange = z.infer<typeof AnnotationChange>;

export const ApplyAnnotations = z.object({
  episodeId: Id,
  /** The named command; undoable ones become one history step, whatever the number of changes. */
  command: z.object({ name: z.string().min(1).max(100), undoable: z.boolean().default(true) }),
  changes: z.array(AnnotationChange).min(1).max(10_000),
  /** Where the edit was made: undo brings the player back here. */
  frame: Frame,
  camera: z.string().optional(),
  clientId: ClientId.optional(),
  author: Author.optional(),
});
export type ApplyAnnotations = z.input<typeof ApplyAnnotations>;

export const AnnotationsApplied = z.object({
  /** The history step's number. */
  step: z.number().int(),
  annotations: z.array(Annotation),
  deleted: z.array(z.string()),
});

export const HistoryCall = z.object({ episodeId: Id, clientId: ClientId.optional() });

/** What undo or redo did: the frame and camera of the step, for the player to jump to. */
export const HistoryStep = z.object({
  command: z.string(),
  frame: z.number().int().nullable(),
  camera: z.string().nullable(),
  annotations: z.array(Annotation),
  deleted: z.array(z.string()),
});
export type HistoryStep = z.infer<typeof HistoryStep>;

export const HistoryState = z.object({
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  undoCommand: z.string().nullable(),
  redoCommand: z.string().nullable(),
});
export type HistoryState = z.infer<typeof HistoryState>;

export const AnnotationsChanged = z.object({
  episodeId: Id,
  reason: z.enum(['apply', 'undo', 'redo']),
  /** The clientId of the call that made the change, so a window can skip its own echo. */
  by: z.string().optional(),
  ids: z.array(z.string()),
});

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');
export const LabelClass = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  description: z.string(),
  createdAt: z.number(),
  /** How many annotations use it; a label in use cannot be deleted. */
  usage: z.number().int(),
});
export type LabelClass = z.infer<typeof LabelClass>;
export const LabelCreate = z.object({
  name: z.string().trim().min(1).max(200),
  color: Color,
  description: z.string().max(2000).default(''),
  clientId: ClientId.optional(),
  author: Author.optional(),
});
export const LabelUpdate = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200).optional(),
  color: Color.optional(),
  description: z.string().max(2000).optional(),
  clientId: ClientId.optional(),
  author: Author.optional(),
});

export const Comment = z.object({
  id: Id,
  episodeId: Id,
  frame: z.number().int(),
  camera: z.string().nullable(),
  text: z.string(),
  author: z.string(),
  createdAt: z.number(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentAdd = z.object({
  episodeId: Id,
  frame: Frame,
  camera: z.string().optional(),
  text: z.string().trim().min(1).max(10_000),
  clientId: ClientId.optional(),
  author: Author.optional(),
});
