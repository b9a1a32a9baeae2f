/**
 * The floating parallel-jaw gripper, in its own frame: origin at the tool centre point (midway between
 * the fingertips' pads), z up towards the wrist, fingers closing along y. So at yaw 0 the jaws close
 * along world y, across an object whose long side lies along its local x.
 */
import { GRIPPER_GEOMETRY, GRIPPER_MAX_OPENING } from './catalog';
import { MAT, MeshBuilder, type Mesh } from './mesh';
import { box, lathe } from './meshShapes';

// The solid parts share their sizes with the physics (catalog.ts), so what is drawn is what collides.
const G = GRIPPER_GEOMETRY;
export const FINGER_THICKNESS = G.fingerThickness;
const FINGER_WIDTH = G.fingerWidth;
const FINGER_TOP = G.fingerTop;
/** How far the fingertips reach below the tool centre point. */
export const FINGER_TIP_BELOW_TCP = -G.fingerBottom;
/** Top of the dark rubber pad: a short pad leaves most of the finger metal, like a real gripper's. */
const PAD_TOP = 0.016;
const PALM_TOP = G.palmTop;
const PALM_HALF_DEPTH = G.palmHalfDepth;
const WRIST_TOP = PALM_TOP + 0.032;
const RING_TOP = WRIST_TOP + 0.012;

let body: Mesh | null = null;
let finger: Mesh | null = null;

/** Palm, wrist flange and the arm link going up: everything that does not move with the jaws. */
function bodyMesh(): Mesh {
  if (body) return body;
  const b = new MeshBuilder();
  const halfSpan = G.palmHalfSpan;
  box(b, -PALM_HALF_DEPTH, PALM_HALF_DEPTH, -halfSpan, halfSpan, FINGER_TOP, PALM_TOP, MAT.darkMetal, true);
  const disc = (r: number, z0: number, z1: number, m: number) =>
    [{ r: 0, z: z0, m }, { r, z: z0, m }, { r, z: z1, m }, { r: 0, z: z1, m }];
  lathe(b, disc(0.03, PALM_TOP, WRIST_TOP, MAT.metal), 12);
  lathe(b, disc(0.036, WRIST_TOP, RING_TOP, MAT.accent), 12);
  lathe(b, disc(G.armRadius, RING_TOP, G.armTop, MAT.armWhite), 12);
  body = b.build();
  return body;
}

/** One finger centred on its own origin: a metal upper part and a dark rubber pad at the tip. */
function fingerMesh(): Mesh {
  if (finger) return finger;
  const b = new MeshBuilder();
  const [w, t] = [FINGER_WIDTH / 2, FINGER_THICKNESS / 2];
  box(b, -w, w, -t, t, PAD_TOP, FINGER_TOP, MAT.metal, true);
  box(b, -w, w, -t, t, -FINGER_TIP_BELOW_TCP, PAD_TOP, MAT.rubber, true);
  finger = b.build();
  return finger;
}

export const GRIPPER_PARTS: readonly { part: () => Mesh; side: -1 | 0 | 1 }[] = [
  { part: bodyMesh, side: 0 },
  { part: fingerMesh, side: 1 },
  { part: fingerMesh, side: -1 },
];

/** Offset along the gripper's y of a finger's centre, so that the gap between the pads is `opening`. */
export function fingerOffset(opening: number): number {
  const clamped = Math.min(Math.max(opening, 0), GRIPPER_MAX_OPENING);
  return clamped / 2 + FINGER_THICKNESS / 2;
}

/** Number of points written by gripperHullPoints. */
export const GRIPPER_HULL_POINTS = 16;

/**
 * Corners of the palm and of both fingers in the gripper frame: what casts the gripper's shadow. The
 * arm link is left out, as its long shadow would stripe the table and help nobody read the scene.
 */
export function gripperHullPoints(opening: number, out: Float64Array): Float64Array {
  const y = fingerOffset(opening) + FINGER_THICKNESS / 2;
  const halfSpan = G.palmHalfSpan;
  const w = FINGER_WIDTH / 2;
  let k = 0;
  const put = (px: number, py: number, pz: number) => {
    out[k++] = px;
    out[k++] = py;
    out[k++] = pz;
  };
  for (const sx of [-1, 1]) {
    for (const sy of [-1, 1]) {
      put(sx * PALM_HALF_DEPTH, sy * halfSpan, FINGER_TOP);
      put(sx * PALM_HALF_DEPTH, sy * halfSpan, PALM_TOP);
      put(sx * w, sy * y, -FINGER_TIP_BELOW_TCP);
      put(sx * w, sy * (y - FINGER_THICKNESS), -FINGER_TIP_BELOW_TCP);
    }
  }
  return out;
}
