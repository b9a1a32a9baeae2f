/**
 * 2-D ground truth in each camera's pixels: boxes from the same meshes the renderer draws, and the
 * projected points an annotator would click. Boxes are [x1, y1, x2, y2] (x right, y down, origin at the
 * image's top-left corner, pixel centres at +0.5), the Qwen-VL bbox_2d order.
 */
import { project, toCamera } from './camera';
import type { Box2d, CameraTruth, FrameTruth, Point2d, RecordedEpisode } from './contracts';
import { SimInputError } from './errors';
import { objectMesh } from './meshCache';
import { cameraPose, composePose, newPose, objectPose } from './meshPose';
import { NEAR } from './render/rasterise';
import type { CameraSpec, SimObject, Vec3 } from './types';

/**
 * Tight box of the object's projected mesh, clipped to the image; null when none of it is in view.
 * Geometry behind the camera is cut at the near plane first, as the renderer does.
 */
export function objectBox(camera: CameraSpec, obj: SimObject): Box2d | null {
  const mesh = objectMesh(obj);
  const view = composePose(cameraPose(camera), objectPose(obj), newPose());
  const pos = mesh.positions;
  const n = pos.length / 3;
  const cam = new Float64Array(pos.length);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [pos[3 * i]!, pos[3 * i + 1]!, pos[3 * i + 2]!];
    for (let r = 0; r < 3; r++) {
      cam[3 * i + r] = view[4 * r]! * x + view[4 * r + 1]! * y + view[4 * r + 2]! * z + view[4 * r + 3]!;
    }
  }
  const { fx, fy, cx, cy, width, height } = camera.intrinsics;
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number, z: number) => {
    const u = fx * (x / z) + cx;
    const v = fy * (y / z) + cy;
    x1 = Math.min(x1, u);
    y1 = Math.min(y1, v);
    x2 = Math.max(x2, u);
    y2 = Math.max(y2, v);
  };
  for (let i = 0; i < n; i++) {
    if (cam[3 * i + 2]! >= NEAR) add(cam[3 * i]!, cam[3 * i + 1]!, cam[3 * i + 2]!);
  }
  // Where an edge crosses the near plane, the cut point bounds what is visible of it.
  const tris = mesh.triangles;
  for (let t = 0; t < tris.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = tris[t + e]!;
      const b = tris[t + ((e + 1) % 3)]!;
      const za = cam[3 * a + 2]!;
      const zb = cam[3 * b + 2]!;
      if (za >= NEAR === zb >= NEAR) continue;
      const s = (NEAR - za) / (zb - za);
      add(cam[3 * a]! + s * (cam[3 * b]! - cam[3 * a]!), cam[3 * a + 1]! + s * (cam[3 * b + 1]! - cam[3 * a + 1]!), NEAR);
    }
  }
  if (!(x1 < width && y1 < height && x2 > 0 && y2 > 0)) return null;
  return [Math.max(0, x1), Math.max(0, y1), Math.min(width, x2), Math.min(height, y2)];
}

/** Pixel position of a world point; [u, v] with pixel centres at +0.5. */
export function projectPoint(camera: CameraSpec, p: Vec3): Point2d {
  const [u, v] = project(camera, p);
  return [u, v];
}

/** The 3-D point that stands for an object: the middle of its height above its footprint's centre. */
export function objectCentre(obj: SimObject): Vec3 {
  return [obj.pos[0], obj.pos[1], obj.pos[2] + obj.size.sz / 2];
}

/** Per frame, per camera: object boxes, target, place point, gripper point and the gripper's path ahead. */
export function episodeGroundTruth(episode: RecordedEpisode, cameras: CameraSpec[]): FrameTruth[] {
  const frames = episode.scenes.length;
  if (episode.placePoints.length !== frames) {
    throw new SimInputError(`episode has ${frames} scenes but ${episode.placePoints.length} place points`);
  }
  const truths: FrameTruth[] = episode.scenes.map(() => ({ cameras: {} }));
  for (const camera of cameras) {
    const path = episode.scenes.map((s) => projectPoint(camera, s.gripper.pos));
    for (let i = 0; i < frames; i++) {
      const scene = episode.scenes[i]!;
      const target = scene.objects.find((o) => o.id === episode.task.targetId);
      if (!target) throw new SimInputError(`frame ${i} has no target object "${episode.task.targetId}"`);
      const place = episode.placePoints[i]!;
      const truth: CameraTruth = {
        boxes: scene.objects.map((o) => ({ id: o.id, box: objectBox(camera, o) })),
        target: projectPoint(camera, objectCentre(target)),
        place: place === null ? null : projectPoint(camera, place),
        gripper: path[i]!,
        trace: path.slice(i),
      };
      truths[i]!.cameras[camera.name] = truth;
    }
  }
  return truths;
}

/** Whether a world point is in front of the camera and inside its image. */
export function inView(camera: CameraSpec, p: Vec3): boolean {
  const z = toCamera(camera, p)[2];
  if (z < NEAR) return false;
  const [u, v] = project(camera, p);
  return u >= 0 && v >= 0 && u < camera.intrinsics.width && v < camera.intrinsics.height;
}
