/** What a format's reader makes of a folder before any file is copied: one entry per rollout. */
import type { ROLLOUT_IMPORT_FORMATS } from '../../../shared/contract/rollouts';
import type { RolloutStep, TERMINATION_REASONS } from '../../../shared/rollouts/record';

export type RolloutImportFormat = Exclude<(typeof ROLLOUT_IMPORT_FORMATS)[number], 'auto'>;

export const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.avi'];

export interface PlannedRollout {
  /** The file the rollout was read from (a video or a sidecar); errors about it name this. */
  file: string;
  /** Absolute video path per camera; 'main' when the format names no camera. */
  videos: { camera: string; file: string }[];
  instruction: string;
  success: boolean;
  reason?: (typeof TERMINATION_REASONS)[number];
  /** Declared by the files; otherwise the video's rate, otherwise the format's usual one. */
  fps?: number;
  variant?: string | null;
  seed?: number | null;
  taskFamily?: string | null;
  policyCamera?: string | null;
  /** A failure tag the files' own signals imply (e.g. SimplerEnv's episode stats). */
  suggestedTag?: string | null;
  /** Steps the files give; otherwise one (empty) step per video frame. */
  steps?: RolloutStep[];
  meta: Record<string, unknown>;
  /** The steps' predictions are in pixels of the policy camera's video, to be divided by its size. */
  pixelCoordinates?: boolean;
}

export interface ImportPlan {
  format: RolloutImportFormat;
  /** The frame rate the format's tools write when a video does not say. */
  defaultFps: number;
  rollouts: PlannedRollout[];
}
