import { COLOURS, OBJECT_KINDS, type ColourName, type ObjectKind, type Rgb } from './types';

/** How a kind is drawn and handled. Ranges are [min, max] in metres. */
export interface KindSpec {
  kind: ObjectKind;
  shape: 'box' | 'cylinder' | 'sphere' | 'capsule' | 'bowl' | 'plate' | 'tray' | 'cup' | 'bottle';
  /** Holds other objects placed on or in it; containers are never picked up. */
  container: boolean;
  /** Extent along the object's local x (length or diameter). */
  sx: [number, number];
  /** Extent along local y; null means the same as sx (round footprint). */
  sy: [number, number] | null;
  /** Height; null means the same as sx (cube, ball). */
  sz: [number, number] | null;
  /** Noun used in instructions. */
  noun: string;
}

export const KIND_SPECS: Record<ObjectKind, KindSpec> = {
  cube: { kind: 'cube', shape: 'box', container: false, sx: [0.04, 0.055], sy: null, sz: null, noun: 'cube' },
  block: { kind: 'block', shape: 'box', container: false, sx: [0.07, 0.09], sy: [0.03, 0.04], sz: [0.03, 0.04], noun: 'block' },
  can: { kind: 'can', shape: 'cylinder', container: false, sx: [0.05, 0.062], sy: null, sz: [0.08, 0.11], noun: 'can' },
  ball: { kind: 'ball', shape: 'sphere', container: false, sx: [0.045, 0.065], sy: null, sz: null, noun: 'ball' },
  cup: { kind: 'cup', shape: 'cup', container: false, sx: [0.05, 0.065], sy: null, sz: [0.07, 0.09], noun: 'cup' },
  carrot: { kind: 'carrot', shape: 'capsule', container: false, sx: [0.1, 0.14], sy: [0.03, 0.04], sz: [0.03, 0.04], noun: 'carrot' },
  bottle: { kind: 'bottle', shape: 'bottle', container: false, sx: [0.045, 0.055], sy: null, sz: [0.12, 0.16], noun: 'bottle' },
  bowl: { kind: 'bowl', shape: 'bowl', container: true, sx: [0.13, 0.17], sy: null, sz: [0.045, 0.06], noun: 'bowl' },
  plate: { kind: 'plate', shape: 'plate', container: true, sx: [0.15, 0.19], sy: null, sz: [0.015, 0.02], noun: 'plate' },
  tray: { kind: 'tray', shape: 'tray', container: true, sx: [0.17, 0.21], sy: [0.12, 0.15], sz: [0.025, 0.035], noun: 'tray' },
};

export const PICKABLE_KINDS: readonly ObjectKind[] = OBJECT_KINDS.filter((k) => !KIND_SPECS[k].container);
export const CONTAINER_KINDS: readonly ObjectKind[] = OBJECT_KINDS.filter((k) => KIND_SPECS[k].container);

export const COLOUR_RGB: Record<ColourName, Rgb> = {
  red: [200, 30, 35],
  green: [40, 160, 60],
  blue: [35, 75, 205],
  yellow: [235, 205, 40],
  orange: [240, 120, 25],
  purple: [125, 50, 170],
  white: [235, 235, 230],
  black: [35, 35, 40],
  pink: [240, 130, 180],
  cyan: [40, 190, 205],
};

/** Table colours shown in training, and ones kept back for the "new background" variant. */
export const SEEN_TABLE_COLOURS: readonly Rgb[] = [
  [150, 111, 80],
  [165, 125, 90],
  [140, 140, 135],
  [120, 95, 70],
];
export const UNSEEN_TABLE_COLOURS: readonly Rgb[] = [
  [70, 110, 75],
  [60, 80, 120],
  [190, 185, 170],
  [110, 60, 65],
];

export const ALL_COLOURS = COLOURS;

/** Fully open distance between the fingers. */
export const GRIPPER_MAX_OPENING = 0.09;

/** The table top, [min, max] per axis, metres. */
export const TABLE_EXTENT = { x: [-0.45, 0.45] as [number, number], y: [-0.6, 0.6] as [number, number] };

/** Where the gripper may go; leaving it ends the episode with a workspace violation. */
export const WORKSPACE = {
  x: [-0.4, 0.4] as [number, number],
  y: [-0.5, 0.5] as [number, number],
  z: [0.0, 0.45] as [number, number],
};

/**
 * The gripper's solid parts as the physics sees them; the same dimensions as the renderer's mesh
 * (meshGripper.ts). Heights are relative to the tool centre point. The fingers close along the
 * gripper's local y axis, world direction (-sin yaw, cos yaw), so at yaw 0 the front camera sees
 * them side by side. Each finger is `fingerThickness` along the closing axis and `fingerWidth` across
 * it; the palm spans the fully open hand; the arm is a column rising from the palm's middle.
 */
export const GRIPPER_GEOMETRY = {
  fingerThickness: 0.012,
  fingerWidth: 0.022,
  /** The fingertips reach this far below the tool centre point. */
  fingerBottom: -0.012,
  fingerTop: 0.058,
  palmHalfDepth: 0.028,
  palmHalfSpan: GRIPPER_MAX_OPENING / 2 + 0.012 + 0.01,
  palmTop: 0.09,
  armRadius: 0.042,
  armTop: 0.75,
} as const;

/** World direction [x, y] along which the fingers close, for a gripper yaw. */
export function closingAxis(yaw: number): [number, number] {
  return [-Math.sin(yaw), Math.cos(yaw)];
}

/** Footprint shape used for contact: round kinds are discs of diameter sx, the rest oriented boxes. */
export function isRoundKind(kind: ObjectKind): boolean {
  const shape = KIND_SPECS[kind].shape;
  return shape !== 'box' && shape !== 'tray' && shape !== 'capsule';
}
