/**
 * The shapes that the sim's parts hand to each other: tasks, variants, episodes and their ground truth.
 * Kept in one file so that the renderer, the world and the dataset writer agree on them.
 */
import type { Action, SceneState, State, Vec3 } from './types';

export const TASK_FAMILIES = ['pick', 'place', 'near', 'push'] as const;
export type TaskFamily = (typeof TASK_FAMILIES)[number];

export const VARIANTS = [
  'in_distribution',
  'unseen_positions',
  'unseen_objects',
  'new_background',
  'heldout_paraphrases',
  'similar_distractors',
] as const;
export type VariantName = (typeof VARIANTS)[number];

export interface TaskSpec {
  family: TaskFamily;
  /** The object to act on. */
  targetId: string;
  /** The container or the object to move next to / push beside; null for "pick". */
  referenceId: string | null;
  /** For "push": which side of the reference, as seen by the front camera. */
  side: 'left' | 'right' | null;
}

export const TERMINATION_REASONS = ['success', 'timeout', 'dropped_object', 'workspace_violation'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

/** An episode as recorded: frame i is the observation before actions[i] is applied. */
export interface RecordedEpisode {
  seed: number;
  variant: VariantName;
  task: TaskSpec;
  instruction: string;
  /** True state of the scene at every frame. */
  scenes: SceneState[];
  /** 3-D place target at every frame (container centre, goal spot), null for "pick". */
  placePoints: (Vec3 | null)[];
  states: State[];
  actions: Action[];
  success: boolean;
  reason: TerminationReason;
}

export type Box2d = [number, number, number, number];
export type Point2d = [number, number];

/** What one camera sees of one frame, in that camera's pixels (x right, y down, origin top-left). */
export interface CameraTruth {
  /** Tight box of each object's visible-or-not projected geometry, clipped to the image; null when outside. */
  boxes: { id: string; box: Box2d | null }[];
  /** Projection of the target object's 3-D centre. */
  target: Point2d;
  /** Projection of the place target, null for "pick". */
  place: Point2d | null;
  /** Projection of the gripper's tool centre point. */
  gripper: Point2d;
  /** The gripper's 2-D path from this frame to the episode's end (this frame's point first). */
  trace: Point2d[];
}

export interface FrameTruth {
  cameras: Record<string, CameraTruth>;
}

/** Draws a scene from one fixed camera into RGB bytes (width * height * 3, row-major, top row first). */
export interface FrameRenderer {
  readonly width: number;
  readonly height: number;
  render(scene: SceneState): Uint8Array;
}

/** What a policy sees at each step. */
export interface Observation {
  /** RGB bytes per camera name (width * height * 3, row-major); empty when rendering is off. */
  images: Record<string, Uint8Array>;
  state: State;
  instruction: string;
}

/** Everything fixed about an episode once it is reset. */
export interface EpisodeInfo {
  seed: number;
  variant: VariantName;
  task: TaskSpec;
  instruction: string;
  /** The episode times out after this many steps. */
  stepLimit: number;
  /** The true scene at reset. */
  scene: SceneState;
}

export interface StepResult {
  observation: Observation;
  done: boolean;
  success: boolean;
  /** Why the episode ended; null while it runs. */
  reason: TerminationReason | null;
}

/** One running episode as a policy sees it, beside its observation. */
export interface PolicySlot {
  /** Unique per episode within a run, so stateful policies can keep per-episode memory. */
  episodeId: number;
  /** Steps already taken in this episode (0 on the first call). */
  step: number;
  info: EpisodeInfo;
  /** The true scene now. Privileged: only reference policies (the scripted expert) may read it. */
  scene: SceneState;
}

export interface PolicyContext {
  /** Parallel to the observations. */
  slots: PolicySlot[];
}

/** Maps a batch of observations to one action each, in order. */
export type Policy = (obs: Observation[], ctx: PolicyContext) => Action[] | Promise<Action[]>;
