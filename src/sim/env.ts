/**
 * The tabletop environment: reset to a seeded scene and task, step with 7-number actions at 10 Hz,
 * observe camera images, the gripper state and the instruction. After each step, the first that
 * applies ends the episode:
 *  - workspace_violation: the action asked the tool centre point to leave WORKSPACE in x, y or
 *    above its ceiling (the table stops it from below); the gripper is held at the boundary;
 *  - success: the family's predicate holds on the true scene (tasks.ts);
 *  - dropped_object: the target fell more than DROP_HEIGHT (3 cm) this step, released from the
 *    gripper or knocked off a support, for any family. Setting it down from lower is allowed, so a
 *    policy may re-grasp; other objects may fall freely;
 *  - timeout: the family's step limit (STEP_LIMITS) is reached.
 */
import { DISPLAY_RESOLUTION, makeCameras } from './camera';
import type { EpisodeInfo, FrameRenderer, Observation, StepResult, TerminationReason } from './contracts';
import { TASK_FAMILIES, type TaskFamily } from './contracts';
import { SimInputError, integerInRange } from './errors';
import { gripperState, stepPhysics, validateAction } from './physics';
import { createRenderer } from './render/index';
import { sampleEpisode, type SampleOptions } from './scene';
import { DROP_HEIGHT, LIFT_TOLERANCE, STEP_LIMITS, findObject, goalPoint, taskSuccess, type TaskProgress } from './tasks';
import type { CameraSpec, SceneState, State, Vec3 } from './types';

/** Longest episode the env accepts as a step limit. */
export const MAX_STEP_LIMIT = 10_000;

export interface EnvOptions {
  /** Image size of both cameras; default 320x240 (use 128x128 for training). Ignored if `cameras` is given. */
  width?: number;
  height?: number;
  cameras?: CameraSpec[];
  /** false skips the images (observation.images is empty) for fast evaluation. Default true. */
  render?: boolean;
  /** Overrides of the per-family step limits. */
  stepLimits?: Partial<Record<TaskFamily, number>>;
  /** Draws the images; the built-in software renderer by default. */
  createRenderer?: (camera: CameraSpec) => FrameRenderer;
}

export type ResetOptions = SampleOptions;

export interface ResetResult {
  observation: Observation;
  info: EpisodeInfo;
}

export class TabletopEnv {
  readonly cameras: readonly CameraSpec[];
  readonly rendering: boolean;
  private readonly stepLimits: Record<TaskFamily, number>;
  private readonly makeRenderer: (camera: CameraSpec) => FrameRenderer;
  private renderers: FrameRenderer[] | null = null;
  private current: SceneState | null = null;
  private episode: EpisodeInfo | null = null;
  private goal: Vec3 | null = null;
  private steps = 0;
  private finished = false;
  private lifted = false;

  constructor(opts: EnvOptions = {}) {
    this.rendering = opts.render ?? true;
    this.cameras = opts.cameras ?? makeCameras(opts.width ?? DISPLAY_RESOLUTION.width, opts.height ?? DISPLAY_RESOLUTION.height);
    if (this.cameras.length === 0) throw new SimInputError('cameras must not be empty');
    this.stepLimits = { ...STEP_LIMITS };
    for (const [family, limit] of Object.entries(opts.stepLimits ?? {})) {
      if (!(TASK_FAMILIES as readonly string[]).includes(family)) throw new SimInputError(`unknown task family "${family}" in stepLimits`);
      this.stepLimits[family as TaskFamily] = integerInRange(`step limit for ${family}`, limit!, 1, MAX_STEP_LIMIT);
    }
    this.makeRenderer = opts.createRenderer ?? createRenderer;
  }

  reset(seed: number, variant: string, opts: ResetOptions = {}): ResetResult {
    const setup = sampleEpisode(seed, variant, opts);
    this.current = setup.scene;
    this.episode = {
      seed: setup.seed,
      variant: setup.variant,
      task: setup.task,
      instruction: setup.instruction,
      stepLimit: this.stepLimits[setup.task.family],
      scene: setup.scene,
    };
    this.goal = goalPoint(setup.task, setup.scene);
    this.steps = 0;
    this.finished = false;
    this.lifted = false;
    return { observation: this.observe(), info: this.episode };
  }

  step(action: unknown): StepResult {
    const a = validateAction(action);
    const episode = this.info;
    if (this.finished) throw new SimInputError('the episode is over; call reset() before step()');
    const before = this.scene;
    const result = stepPhysics(before, a);
    this.current = result.scene;
    this.steps += 1;
    const target = findObject(result.scene, episode.task.targetId);
    const start = findObject(episode.scene, episode.task.targetId);
    if (result.scene.gripper.held === target.id || target.pos[2] > start.pos[2] + LIFT_TOLERANCE) this.lifted = true;
    const success = !result.workspaceViolation && taskSuccess(episode.task, result.scene, this.progress);
    const reason = this.termination(result.workspaceViolation, success, result.falls.get(target.id) ?? 0);
    this.finished = reason !== null;
    return { observation: this.observe(), done: this.finished, success, reason };
  }

  private termination(violation: boolean, success: boolean, fall: number): TerminationReason | null {
    if (violation) return 'workspace_violation';
    if (success) return 'success';
    if (fall > DROP_HEIGHT) return 'dropped_object';
    if (this.steps >= this.info.stepLimit) return 'timeout';
    return null;
  }

  /** The episode being run; throws before the first reset. */
  get info(): EpisodeInfo {
    if (!this.episode) throw new SimInputError('call reset() before using the environment');
    return this.episode;
  }

  /** The true scene now (privileged). Each step makes a new object, so earlier scenes stay valid. */
  get scene(): SceneState {
    if (!this.current) throw new SimInputError('call reset() before using the environment');
    return this.current;
  }

  get state(): State {
    return gripperState(this.scene);
  }

  get stepCount(): number {
    return this.steps;
  }

  get done(): boolean {
    return this.finished;
  }

  get progress(): TaskProgress {
    return { targetLifted: this.lifted };
  }

  /** Where the target should go (see tasks.goalPoint); null for pick. */
  get placePoint(): Vec3 | null {
    return this.goal;
  }

  /** Images of any scene from this env's cameras. */
  renderScene(scene: SceneState): Record<string, Uint8Array> {
    this.renderers ??= this.cameras.map((c) => this.makeRenderer(c));
    const images: Record<string, Uint8Array> = {};
    this.renderers.forEach((r, i) => {
      images[this.cameras[i]!.name] = r.render(scene);
    });
    return images;
  }

  private observe(): Observation {
    return {
      images: this.rendering ? this.renderScene(this.scene) : {},
      state: this.state,
      instruction: this.info.instruction,
    };
  }
}
