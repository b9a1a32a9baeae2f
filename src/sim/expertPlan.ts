/**
 * The scripted expert for one episode: a small state machine over waypoints. Grasping families go
 * rise, approach, descend, grasp, lift (pick ends here), transport, lower, release, retreat; push
 * goes rise, approach, descend with the fingers shut, push, retreat. It reads the true scene
 * (privileged), plans its grasp or push from the first scene exactly as the scene sampler checked it,
 * and adds small seeded noise to heights, offsets, speeds and motions so demonstrations vary.
 */
import type { EpisodeInfo } from './contracts';
import {
  NEAR_RELEASE_HEIGHT,
  TRAVEL_CLEARANCE,
  highestTop,
  planGrasp,
  type GraspPlan,
} from './expertGrasp';
import { PUSH_APPROACH_GAP, PUSH_HEIGHT, planPush, type PushPlan } from './expertPush';
import { wrapAngle } from './physics';
import type { Rng } from './rng';
import { placeReleaseHeight } from './sceneLayout';
import { findObject, goalPoint } from './tasks';
import type { Action, SceneState, State, Vec3 } from './types';

type Phase = 'rise' | 'approach' | 'descend' | 'grasp' | 'lift' | 'transport' | 'lower' | 'release' | 'retreat' | 'push' | 'done';

/** Speed limit the expert keeps below the env's 5 cm clamp, per axis. */
const MAX_STEP = 0.045;
const MAX_TURN = 0.28;
const REACHED = 0.002;
const MAX_GRASP_RETRIES = 2;

export class ExpertEpisode {
  private phase: Phase = 'rise';
  private readonly family: EpisodeInfo['task']['family'];
  private readonly targetId: string;
  private grasp: GraspPlan | null;
  private readonly push: PushPlan | null;
  private readonly goal: Vec3 | null;
  private readonly travelZ: number;
  private readonly speed: number;
  private readonly jitter: number;
  private grip: 0 | 1;
  private waypoint: Vec3 | null = null;
  private waitSteps = 0;
  private retries = 0;
  private stalled = 0;
  private lastPos: Vec3 | null = null;
  private lastOpening = -1;

  constructor(
    private readonly info: EpisodeInfo,
    private readonly rng: Rng | null,
  ) {
    const scene = info.scene;
    this.family = info.task.family;
    this.targetId = info.task.targetId;
    const target = findObject(scene, this.targetId);
    const goal = goalPoint(info.task, scene);
    this.push = this.family === 'push' ? planPush(target, goal!, scene.gripper.yaw) : null;
    this.grasp = this.family === 'push' ? null : planGrasp(scene, target, scene.gripper.yaw);
    this.goal = goal ? this.perturbGoal(goal, scene) : null;
    this.travelZ = Math.min(0.4, highestTop(scene.objects) + TRAVEL_CLEARANCE + this.uniform(0, 0.03));
    this.speed = this.uniform(0.7, 1);
    this.jitter = this.rng ? 0.0015 : 0;
    this.grip = this.family === 'push' ? 1 : 0;
    if (this.grasp) {
      const off = this.uniform(-0.003, 0.003);
      this.grasp.pos = [this.grasp.pos[0] + off * Math.cos(this.grasp.yaw), this.grasp.pos[1] + off * Math.sin(this.grasp.yaw), this.grasp.pos[2]];
    }
  }

  private uniform(lo: number, hi: number): number {
    return this.rng ? this.rng.uniform(lo, hi) : (lo + hi) / 2;
  }

  private perturbGoal(goal: Vec3, scene: SceneState): Vec3 {
    if (this.family === 'place') {
      const ref = findObject(scene, this.info.task.referenceId!);
      const reach = Math.min(0.012, 0.15 * Math.min(ref.size.sx, ref.size.sy));
      return [goal[0] + this.uniform(-reach, reach), goal[1] + this.uniform(-reach, reach), goal[2]];
    }
    if (this.family === 'near') {
      const ref = findObject(scene, this.info.task.referenceId!);
      const [dx, dy] = [goal[0] - ref.pos[0], goal[1] - ref.pos[1]];
      const len = Math.hypot(dx, dy) || 1;
      const radial = this.uniform(-0.008, 0.008);
      const tangential = this.uniform(-0.015, 0.015);
      return [goal[0] + (dx * radial - dy * tangential) / len, goal[1] + (dy * radial + dx * tangential) / len, 0];
    }
    return goal;
  }

  act(state: State, scene: SceneState): Action {
    for (let guard = 0; guard < 6; guard++) {
      const a = this.phaseAction(state, scene);
      if (a) {
        this.lastPos = [state[0], state[1], state[2]];
        this.lastOpening = state[6];
        return a;
      }
    }
    return [0, 0, 0, 0, 0, 0, this.grip];
  }

  private enter(phase: Phase, waypoint: Vec3 | null = null): null {
    this.phase = phase;
    this.waypoint = waypoint;
    this.waitSteps = 0;
    this.stalled = 0;
    return null;
  }

  /** The action for the current phase, or null once the phase is over (after switching phase). */
  private phaseAction(state: State, scene: SceneState): Action | null {
    const pos: Vec3 = [state[0], state[1], state[2]];
    const target = findObject(scene, this.targetId);
    const held = scene.gripper.held === this.targetId;
    const yaw = this.push ? this.push.yaw : this.grasp?.yaw ?? state[5];
    switch (this.phase) {
      case 'rise':
        if (pos[2] >= this.travelZ - 0.005) return this.enter('approach');
        return this.moveTo(state, [pos[0], pos[1], this.travelZ], state[5]) ?? this.enter('approach');
      case 'approach': {
        const over = this.push ? this.push.start : this.grasp?.pos;
        if (!over) return this.enter('done');
        return this.moveTo(state, [over[0], over[1], this.travelZ], yaw) ?? this.enter('descend');
      }
      case 'descend': {
        const to = this.push ? this.push.start : this.grasp!.pos;
        return this.moveTo(state, to, yaw, 0.75) ?? this.enter(this.push ? 'push' : 'grasp');
      }
      case 'grasp':
        return this.closeOn(state, scene, held);
      case 'lift': {
        const bottomGoal = this.family === 'pick' ? 0.09 : highestTop(scene.objects, [this.targetId]) + TRAVEL_CLEARANCE;
        const z = Math.min(0.43, pos[2] + bottomGoal - target.pos[2] + this.uniform(0, 0.01));
        this.waypoint ??= [pos[0], pos[1], z];
        return this.moveTo(state, this.waypoint, yaw) ?? this.enter('transport');
      }
      case 'transport': {
        if (!held) return this.enter('done');
        this.waypoint ??= [this.goal![0] + pos[0] - target.pos[0], this.goal![1] + pos[1] - target.pos[1], pos[2]];
        return this.moveTo(state, this.waypoint, yaw) ?? this.enter('lower');
      }
      case 'lower': {
        const bottom = this.family === 'place' ? placeReleaseHeight(this.info.scene, this.info.task) : NEAR_RELEASE_HEIGHT;
        this.waypoint ??= [pos[0], pos[1], pos[2] + bottom - target.pos[2]];
        return this.moveTo(state, this.waypoint, yaw, 0.6) ?? this.enter('release');
      }
      case 'release':
        this.grip = 0;
        if (this.waitSteps++ < 1) return this.hold();
        return this.enter('retreat', [pos[0], pos[1], this.travelZ]);
      case 'push':
        return this.pushStep(state, target.pos);
      case 'retreat':
        return this.moveTo(state, this.waypoint ?? [pos[0], pos[1], this.travelZ], state[5]) ?? this.enter('done');
      case 'done':
        return this.hold();
    }
  }

  private hold(): Action {
    return [0, 0, 0, 0, 0, 0, this.grip];
  }

  /** Shut the fingers and wait until they stop; retry from above if nothing was caught. */
  private closeOn(state: State, scene: SceneState, held: boolean): Action | null {
    this.grip = 1;
    this.waitSteps++;
    const settled = this.waitSteps > 1 && Math.abs(state[6] - this.lastOpening) < 1e-9;
    if (!settled && this.waitSteps < 6) return this.hold();
    if (held) return this.enter('lift');
    this.grip = 0;
    if (this.retries++ >= MAX_GRASP_RETRIES) return this.enter('done');
    this.grasp = planGrasp(scene, findObject(scene, this.targetId), state[5]) ?? this.grasp;
    return this.enter('rise');
  }

  private pushStep(state: State, targetPos: Vec3): Action | null {
    const plan = this.push!;
    const start = this.info.scene.objects.find((o) => o.id === this.targetId)!.pos;
    const [ux, uy] = plan.dir;
    const progress = (targetPos[0] - start[0]) * ux + (targetPos[1] - start[1]) * uy;
    const remaining = plan.distance - progress;
    if (remaining < REACHED) return this.enter('retreat', [state[0] - ux * 0.03, state[1] - uy * 0.03, PUSH_HEIGHT + 0.02]);
    const contactAt = (start[0] - plan.start[0]) * ux + (start[1] - plan.start[1]) * uy - PUSH_APPROACH_GAP;
    const gap = (targetPos[0] - state[0]) * ux + (targetPos[1] - state[1]) * uy - contactAt;
    const advance = Math.min(MAX_STEP * 0.7 * this.speed, Math.max(0, gap) + remaining);
    // Stay on the push line: undo any sideways drift.
    const side = -(state[0] - plan.start[0]) * uy + (state[1] - plan.start[1]) * ux;
    const to: Vec3 = [state[0] + ux * advance + uy * side, state[1] + uy * advance - ux * side, PUSH_HEIGHT];
    return this.moveTo(state, to, plan.yaw) ?? this.enter('retreat', [state[0], state[1], this.travelZ]);
  }

  /** One step towards `to`; null once there, or when contact has held the gripper still for a while. */
  private moveTo(state: State, to: Vec3, yaw: number, speedScale = 1): Action | null {
    const d: Vec3 = [to[0] - state[0], to[1] - state[1], to[2] - state[2]];
    const dist = Math.hypot(d[0], d[1], d[2]);
    const turn = wrapAngle(yaw - state[5]);
    if (dist < REACHED && Math.abs(turn) < 0.01) return null;
    if (this.lastPos && Math.hypot(state[0] - this.lastPos[0], state[1] - this.lastPos[1], state[2] - this.lastPos[2]) < 5e-4 && Math.abs(turn) < 0.01) {
      if (++this.stalled >= 3) return null;
    } else this.stalled = 0;
    const limit = MAX_STEP * this.speed * speedScale;
    const scale = Math.min(1, limit / Math.max(Math.abs(d[0]), Math.abs(d[1]), Math.abs(d[2]), 1e-12));
    const noise = () => (this.rng && dist > 0.02 ? this.rng.normal() * this.jitter : 0);
    const turnStep = Math.max(-MAX_TURN, Math.min(MAX_TURN, turn));
    return [d[0] * scale + noise(), d[1] * scale + noise(), d[2] * scale + noise(), 0, 0, turnStep, this.grip];
  }
}
