/**
 * What a recorded rollout keeps of the environment's truth at each step: per camera, the target's box
 * and centre and the gripper's point, normalised to [0, 1] of the image (as grounding targets are);
 * and the events a step caused, read from the held object before and after it and the termination.
 */
import { toCamera } from './camera';
import type { TerminationReason } from './contracts';
import { objectBox, objectCentre, projectPoint } from './groundTruth';
import { NEAR } from './render/rasterise';
import type { CameraSpec, SceneState, Vec3 } from './types';

type P2 = [number, number];

export interface CameraStepTruth {
  target?: { point?: P2; box?: [number, number, number, number] };
  gripper?: P2;
}

function normalisedPoint(camera: CameraSpec, p: Vec3): P2 | undefined {
  // Behind the camera a projection is meaningless; out of the image but in front it is still a direction.
  if (toCamera(camera, p)[2] < NEAR) return undefined;
  const [u, v] = projectPoint(camera, p);
  return [u / camera.intrinsics.width, v / camera.intrinsics.height];
}

export function stepTruth(cameras: readonly CameraSpec[], scene: SceneState, targetId: string): Record<string, CameraStepTruth> {
  const target = scene.objects.find((o) => o.id === targetId);
  const out: Record<string, CameraStepTruth> = {};
  for (const camera of cameras) {
    const { width: w, height: h } = camera.intrinsics;
    const truth: CameraStepTruth = {};
    if (target) {
      const box = objectBox(camera, target);
      const point = normalisedPoint(camera, objectCentre(target));
      truth.target = { ...(point && { point }), ...(box && { box: [box[0] / w, box[1] / h, box[2] / w, box[3] / h] as [number, number, number, number] }) };
    }
    const gripper = normalisedPoint(camera, scene.gripper.pos);
    if (gripper) truth.gripper = gripper;
    out[camera.name] = truth;
  }
  return out;
}

/**
 * Events of one step from the held object before and after it: 'grasp' / 'release' of the target,
 * 'grasp_other' / 'release_other' of any other object (a wrong-object signal), and 'drop' when the
 * episode ended because the target fell.
 */
export function stepEvents(heldBefore: string | null, heldAfter: string | null, targetId: string, reason: TerminationReason | null = null): string[] {
  const events: string[] = [];
  if (heldBefore !== heldAfter) {
    if (heldBefore !== null) events.push(heldBefore === targetId ? 'release' : 'release_other');
    if (heldAfter !== null) events.push(heldAfter === targetId ? 'grasp' : 'grasp_other');
  }
  if (reason === 'dropped_object') events.push('drop');
  return events;
}
