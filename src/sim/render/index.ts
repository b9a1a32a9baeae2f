/**
 * The software renderer: a scene in, RGB bytes out, identical on every machine. Per frame it copies
 * the cached background, darkens the shadows onto the table, then z-buffers the objects and the
 * gripper as flat-shaded triangles.
 */
import { COLOUR_RGB, KIND_SPECS } from '../catalog';
import type { FrameRenderer } from '../contracts';
import { SimInputError, integerInRange } from '../errors';
import { objectMesh } from '../meshCache';
import { GRIPPER_HULL_POINTS, GRIPPER_PARTS, fingerOffset, gripperHullPoints } from '../meshGripper';
import { cameraEye, cameraPose, composePose, gripperPose, newPose, objectPose, offsetPose } from '../meshPose';
import type { CameraSpec, GripperState, SceneState, SimObject } from '../types';
import { backgroundFor, type Background } from './background';
import { Rasteriser } from './rasterise';
import { ShadowCaster } from './shadow';
import { shadeTriangles } from './shading';

/** A renderer for one camera. render() returns a new array each call, so callers may keep frames. */
export function createRenderer(camera: CameraSpec): FrameRenderer {
  const { width, height, fx, fy, cx, cy } = camera.intrinsics;
  integerInRange('camera width', width, 1, 8192);
  integerInRange('camera height', height, 1, 8192);
  const raster = new Rasteriser(camera.intrinsics);
  const view = cameraPose(camera);
  const eye = cameraEye(camera);
  const shadows = new ShadowCaster(raster, view, fx, fy, cx, cy);
  const stamp = new Uint32Array(width * height);
  let frame = 0;
  const pose = newPose();
  const partPose = newPose();
  const viewPose = newPose();
  const hull = new Float64Array(GRIPPER_HULL_POINTS * 3);
  let colours = new Uint8Array(3 * 256);
  // The table colour rarely changes within a run; skip the shared cache's key building per frame.
  let lastTable: readonly number[] = [];
  let lastBackground: Background | null = null;
  const background = (table: readonly number[]): Background => {
    if (lastBackground === null || table[0] !== lastTable[0] || table[1] !== lastTable[1] || table[2] !== lastTable[2]) {
      lastBackground = backgroundFor(camera, [table[0]!, table[1]!, table[2]!]);
      lastTable = table.slice();
    }
    return lastBackground;
  };

  const draw = (mesh: ReturnType<typeof objectMesh>, at: Float64Array, rgb: [number, number, number]) => {
    if (colours.length < mesh.materials.length * 3) colours = new Uint8Array(mesh.materials.length * 3);
    shadeTriangles(mesh, at, eye, rgb, colours);
    raster.drawMesh(mesh, composePose(view, at, viewPose), colours);
  };

  return {
    width,
    height,
    render(scene: SceneState): Uint8Array {
      for (const obj of scene.objects) checkObject(obj);
      checkGripper(scene.gripper);
      const bg = background(scene.tableColour);
      const out = bg.colour.slice();
      raster.colour = out;
      raster.depth.set(bg.depth);
      // Two stamps per frame (penumbra, core); start again long before the counter could wrap.
      frame += 1;
      if (frame >= 0x7fffffff) {
        stamp.fill(0);
        frame = 1;
      }
      for (const obj of scene.objects) {
        const mesh = objectMesh(obj);
        shadows.cast(mesh.hullPoints, mesh.hullPoints.length / 3, objectPose(obj, pose), bg.table, stamp, frame);
      }
      const g = scene.gripper;
      gripperPose(g, pose);
      shadows.cast(gripperHullPoints(g.opening, hull), GRIPPER_HULL_POINTS, pose, bg.table, stamp, frame);
      for (const obj of scene.objects) draw(objectMesh(obj), objectPose(obj, pose), COLOUR_RGB[obj.colour]);
      gripperPose(g, pose);
      const offset = fingerOffset(g.opening);
      for (const { part, side } of GRIPPER_PARTS) {
        draw(part(), offsetPose(pose, 0, side * offset, 0, partPose), GRIPPER_GREY);
      }
      return out;
    },
  };
}

/** Parts painted in their own colours; this only fills the required argument. */
const GRIPPER_GREY: [number, number, number] = [150, 150, 155];

function checkObject(obj: SimObject): void {
  if (KIND_SPECS[obj.kind] === undefined) throw new SimInputError(`object ${obj.id} has unknown kind "${obj.kind}"`);
  if (COLOUR_RGB[obj.colour] === undefined) throw new SimInputError(`object ${obj.id} has unknown colour "${obj.colour}"`);
  const { sx, sy, sz } = obj.size;
  const values = [obj.pos[0], obj.pos[1], obj.pos[2], obj.yaw, sx, sy, sz];
  if (!values.every(Number.isFinite)) throw new SimInputError(`object ${obj.id} has a non-finite pose or size`);
  if (!(sx > 0 && sy > 0 && sz > 0)) throw new SimInputError(`object ${obj.id} has a non-positive size`);
}

function checkGripper(g: GripperState): void {
  const values = [g.pos[0], g.pos[1], g.pos[2], g.roll, g.pitch, g.yaw, g.opening];
  if (!values.every(Number.isFinite)) throw new SimInputError('gripper has a non-finite pose or opening');
}
