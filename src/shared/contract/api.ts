import { z } from 'zod';
import { event, method } from './define';
import {
  Annotation, AnnotationsApplied, AnnotationsChanged, ApplyAnnotations, Comment, CommentAdd, HistoryCall, HistoryState,
  HistoryStep, LabelClass, LabelCreate, LabelUpdate,
  AppInfo, CameraInfo, DatasetSummary, DirListing, EpisodeDetail, EpisodePage, EpisodeQuery, Id, JobProgress,
  ProjectInfo, ReviewStatus, SignalData,
} from './domain';
import { evaluationEvents, evaluationMethods } from './evaluations';
import { groundingEvents, groundingMethods } from './grounding';
import { projectionEvents, projectionMethods } from './projection';
import { rolloutEvents, rolloutMethods } from './rollouts';
import { trackingEvents, trackingMethods } from './tracking';
import { trainingEvents, trainingMethods } from './training';

/**
 * The one API contract. Electron's IPC bridge, the web-mode WebSocket RPC and the renderer's clients are
 * all derived from these two tables, so adding a method is one line here and one handler in core/api.
 */
export const methods = {
  'app.info': method('What shell is running and which project is open.', z.object({}), AppInfo),
  'project.open': method(
    'Opens (creating if asked) the project folder and makes it current.',
    z.object({ dir: z.string().min(1), create: z.boolean().default(false) }),
    ProjectInfo,
  ),
  'datasets.list': method('Datasets of the open project, oldest first.', z.object({}), z.array(DatasetSummary)),
  'datasets.import': method(
    'Imports a LeRobot dataset folder in one transaction; progress arrives as job.progress events.',
    z.object({ path: z.string().min(1), copyMedia: z.boolean().default(false), jobId: z.string().min(1).max(100) }),
    DatasetSummary,
  ),
  'episodes.list': method('One page of episodes matching the query.', EpisodeQuery, EpisodePage),
  'episodes.get': method('An episode with its cameras and signal names.', z.object({ id: Id }), EpisodeDetail),
  'episodes.signals': method(
    'The state and action signals of an episode, row-major.',
    z.object({ id: Id }),
    z.array(SignalData),
  ),
  'episodes.setReview': method(
    'Sets the review status of an episode, recording who and when; announced as episodes.reviewChanged.',
    z.object({ id: Id, status: ReviewStatus, clientId: z.string().max(100).optional(), author: z.string().min(1).max(200).optional() }),
    z.object({ id: Id, status: ReviewStatus }),
  ),
  'media.transcode': method(
    "Re-encodes a camera's video that the browser cannot decode to H.264 in the project's cache; progress as job.progress.",
    z.object({ episodeId: Id, camera: z.string().min(1), jobId: z.string().min(1).max(100) }),
    CameraInfo,
  ),
  'fs.list': method(
    'Lists a folder on the backend machine, for the web-mode folder picker.',
    z.object({ path: z.string().optional() }),
    DirListing,
  ),
  'annotations.list': method(
    'Every annotation of an episode (or of one camera of it), in frame order.',
    z.object({ episodeId: Id, camera: z.string().optional() }),
    z.array(Annotation),
  ),
  'annotations.apply': method(
    'Validates and applies a batch of changes atomically as one named command (one undo step when undoable); all or nothing.',
    ApplyAnnotations,
    AnnotationsApplied,
  ),
  'history.undo': method(
    "Reverts the episode's newest undoable step and returns its frame; null when there is nothing to undo.",
    HistoryCall,
    HistoryStep.nullable(),
  ),
  'history.redo': method(
    "Re-applies the episode's oldest undone step and returns its frame; null when there is nothing to redo.",
    HistoryCall,
    HistoryStep.nullable(),
  ),
  'history.state': method('Whether undo and redo are possible in an episode, and which commands they would revert.', z.object({ episodeId: Id }), HistoryState),
  'labels.list': method('The label classes of the project, by name, with how many annotations use each.', z.object({}), z.array(LabelClass)),
  'labels.create': method('Adds a label class; names are unique regardless of case. Logged, not undoable.', LabelCreate, LabelClass),
  'labels.update': method('Renames or recolours a label class. Logged, not undoable.', LabelUpdate, LabelClass),
  'labels.delete': method(
    'Deletes a label class; refused (conflict) while annotations use it. Logged, not undoable.',
    z.object({ id: Id, clientId: z.string().max(100).optional(), author: z.string().min(1).max(200).optional() }),
    z.object({ id: Id }),
  ),
  'comments.list': method('The comments of an episode, in frame order.', z.object({ episodeId: Id }), z.array(Comment)),
  'comments.add': method('Pins a comment to a frame (and optionally a camera) of an episode. Not undoable.', CommentAdd, Comment),
  'comments.delete': method(
    'Deletes a comment. Not undoable.',
    z.object({ id: Id, clientId: z.string().max(100).optional() }),
    z.object({ id: Id }),
  ),
  // Larger areas keep their methods in their own file, next to the shapes they use.
  ...trackingMethods,
  ...projectionMethods,
  ...groundingMethods,
  ...trainingMethods,
  ...rolloutMethods,
  ...evaluationMethods,
} as const;

export const events = {
  'job.progress': event('Progress of a long job (import, sample building); `finished` marks the last one.', JobProgress),
  'project.changed': event('The open project or its datasets changed; lists should reload.', z.object({ reason: z.string() })),
  'annotations.changed': event('Annotations of an episode changed (apply, undo, redo); other windows reload them.', AnnotationsChanged),
  'labels.changed': event('The label classes changed; lists reload.', z.object({ by: z.string().optional() })),
  'episodes.reviewChanged': event(
    "An episode's review status changed (set by hand, or to in_progress by its first annotation); lists patch their badge.",
    z.object({ id: Id, status: ReviewStatus, by: z.string().optional() }),
  ),
  'comments.changed': event("An episode's comments changed; lists reload.", z.object({ episodeId: Id, by: z.string().optional() })),
  ...trackingEvents,
  ...projectionEvents,
  ...groundingEvents,
  ...trainingEvents,
  ...rolloutEvents,
  ...evaluationEvents,
} as const;

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
