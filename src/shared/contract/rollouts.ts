/** Rollouts: importing ones made elsewhere, listing and counting them, their failure tags and the taxonomy. */
import { z } from 'zod';
import { RolloutRecord } from '../rollouts/record';
import { event, method } from './define';
import { Id } from './domain';
import { RunStatus } from './training';

export const ROLLOUT_IMPORT_FORMATS = ['auto', 'libero', 'lerobot-eval', 'simpler', 'generic'] as const;

export const RolloutCameraInfo = z.object({
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** The video, relative to the project folder (rollouts/<id>/<camera>.mp4). */
  path: z.string(),
  /** Path relative to the media endpoint, like an episode camera's. */
  mediaPath: z.string(),
});

/** The media path of a rollout's camera video: `rollout/<id>/<camera>`. */
export function rolloutMediaPath(rolloutId: number, camera: string): string {
  return `rollout/${rolloutId}/${encodeURIComponent(camera)}`;
}

export const RolloutSummary = z.object({
  id: Id,
  evaluationId: Id,
  /** The checkpoint the evaluation ran; null for imported rollouts. */
  checkpointId: Id.nullable(),
  index: z.number().int().nonnegative(),
  /** 'sim' for our own evaluations, the import format otherwise. */
  source: z.string(),
  variant: z.string().nullable(),
  seed: z.number().int().nullable(),
  taskFamily: z.string().nullable(),
  instruction: z.string(),
  success: z.boolean().nullable(),
  /** The termination reason (success, timeout, dropped_object, ...). */
  reason: z.string().nullable(),
  steps: z.number().int().nonnegative(),
  fps: z.number().positive(),
  cameras: z.array(RolloutCameraInfo),
  /** rollouts/<id>, relative to the project folder; null for rows recorded before rollouts were folders. */
  folder: z.string().nullable(),
  suggestedTag: z.string().nullable(),
  /** The confirmed failure tag; null until a person confirms one. */
  tag: z.string().nullable(),
  taggedBy: z.string().nullable(),
  taggedAt: z.number().nullable(),
  createdAt: z.number(),
});
export type RolloutSummary = z.infer<typeof RolloutSummary>;

/** Filters shared by rollouts.list and rollouts.counts; all of them must hold. */
const RolloutFilter = z.object({
  evaluationId: Id.optional(),
  /** Rollouts of this checkpoint's evaluations; null for rollouts of no checkpoint (imported ones). */
  checkpointId: Id.nullable().optional(),
  variant: z.string().optional(),
  success: z.boolean().optional(),
  /** The confirmed tag, or the suggested one while none is confirmed; any case. */
  tag: z.string().min(1).optional(),
});

export const RolloutCount = z.object({
  checkpointId: Id.nullable(),
  variant: z.string().nullable(),
  /** Confirmed tag, else suggested, else null (successes and untagged failures). */
  tag: z.string().nullable(),
  rollouts: z.number().int(),
  successes: z.number().int(),
  /** How many of them carry a confirmed tag. */
  confirmed: z.number().int(),
});

export const FailureTag = z.object({
  name: z.string(),
  description: z.string(),
  color: z.string().nullable(),
  /** Rollouts confirmed with this tag. */
  rolloutCount: z.number().int(),
});

export const EvaluationSummary = z.object({
  id: Id,
  name: z.string(),
  /** 'sim' for a suite run of a checkpoint, 'imported' for an import, 'recorded' otherwise. */
  source: z.string(),
  checkpointId: Id.nullable(),
  /** The checkpoint as it was run, kept when the checkpoint is deleted. */
  checkpointPath: z.string().nullable(),
  status: RunStatus,
  /** The suite (or the import's format and path). */
  config: z.unknown(),
  error: z.string().nullable(),
  rollouts: z.number().int(),
  successes: z.number().int(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});

const TagName = z.string().trim().min(1).max(60);

export const rolloutMethods = {
  'rollouts.import': method(
    'Imports a folder of rollouts (LIBERO videos, lerobot-eval output, SimplerEnv videos or the generic sidecar format) as one evaluation, all or nothing; errors name the file. Progress as job.progress kind import.',
    z.object({ path: z.string().min(1), format: z.enum(ROLLOUT_IMPORT_FORMATS).default('auto'), jobId: z.string().min(1).max(100) }),
    z.object({ evaluationId: Id, format: z.string(), imported: z.number().int(), transcoded: z.number().int() }),
  ),
  'rollouts.evaluations': method(
    'Every evaluation (suite runs and imports), newest first, with its rollout and success counts.',
    z.object({}),
    z.array(EvaluationSummary),
  ),
  'rollouts.list': method(
    'One page of rollouts matching the filters, newest evaluation first and by index within one.',
    RolloutFilter.extend({ offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({ total: z.number().int(), rows: z.array(RolloutSummary) }),
  ),
  'rollouts.get': method('A rollout with its record (steps and signals) as stored in its folder.', z.object({ id: Id }), z.object({ rollout: RolloutSummary, record: RolloutRecord })),
  'rollouts.tag': method(
    "Confirms or changes a rollout's failure tag (one of the taxonomy), or clears it with null, recording who and when.",
    z.object({ id: Id, tag: TagName.nullable(), author: z.string().min(1).max(200).optional(), clientId: z.string().max(100).optional() }),
    RolloutSummary,
  ),
  'rollouts.counts': method(
    'Rollouts counted by checkpoint × variant × tag within the filters, for the failure table.',
    RolloutFilter,
    z.array(RolloutCount),
  ),
  'rollouts.taxonomy.get': method("The project's failure tags in its order (the default taxonomy until edited).", z.object({}), z.array(FailureTag)),
  'rollouts.taxonomy.set': method(
    'Replaces the taxonomy with this ordered list; `from` renames a tag (its rollouts keep it); removing a tag still confirmed on rollouts is refused.',
    z.object({
      tags: z
        .array(z.object({ name: TagName, description: z.string().max(500).optional(), color: z.string().max(30).nullable().optional(), from: TagName.optional() }))
        .min(1)
        .max(100),
      clientId: z.string().max(100).optional(),
    }),
    z.array(FailureTag),
  ),
} as const;

export const rolloutEvents = {
  'rollouts.changed': event(
    'Rollouts were imported or stored, a tag was set, or the taxonomy changed; lists and counts reload.',
    z.object({ reason: z.enum(['import', 'store', 'tag', 'taxonomy']), ids: z.array(Id).optional(), evaluationId: Id.optional(), by: z.string().optional() }),
  ),
} as const;
