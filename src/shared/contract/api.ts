import { z } from 'zod';
import { event, method } from './define';
import {
  AppInfo, CameraInfo, DatasetSummary, DirListing, EpisodeDetail, EpisodePage, EpisodeQuery, Id, JobProgress,
  ProjectInfo, ReviewStatus, SignalData,
} from './domain';

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
    'Sets the review status of an episode.',
    z.object({ id: Id, status: ReviewStatus }),
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
} as const;

export const events = {
  'job.progress': event('Progress of a long job (import, sample building); `finished` marks the last one.', JobProgress),
  'project.changed': event('The open project or its datasets changed; lists should reload.', z.object({ reason: z.string() })),
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
