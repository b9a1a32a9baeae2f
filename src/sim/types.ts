/**
 * The tabletop world's data model. World frame: metres, table surface at z = 0 centred on the origin,
 * x points away from the front camera, y to the front camera's left, z up. Angles in radians.
 * "Left" and "right" in instructions mean as seen by the front camera (+y is left).
 */

export type Vec3 = [number, number, number];
export type Rgb = [number, number, number];

export const OBJECT_KINDS = [
  'cube', 'block', 'can', 'ball', 'cup', 'carrot', 'bottle', 'bowl', 'plate', 'tray',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const COLOURS = [
  'red', 'green', 'blue', 'yellow', 'orange', 'purple', 'white', 'black', 'pink', 'cyan',
] as const;
export type ColourName = (typeof COLOURS)[number];

/** Dimensions in metres. Boxes use sx, sy, sz; round kinds use radius and height (sz). */
export interface ObjectSize {
  sx: number;
  sy: number;
  sz: number;
}

export interface SimObject {
  /** Stable id within a scene, e.g. "obj0". */
  id: string;
  kind: ObjectKind;
  colour: ColourName;
  size: ObjectSize;
  /** Position of the centre of the object's bottom face, in the world frame. */
  pos: Vec3;
  yaw: number;
}

export interface GripperState {
  /** Tool centre point: midway between the fingertips. */
  pos: Vec3;
  roll: number;
  pitch: number;
  yaw: number;
  /** Distance between the fingers, metres (0 = shut, GRIPPER_MAX_OPENING = fully open). */
  opening: number;
  /** The last gripper command: true when told to close. */
  closing: boolean;
  /** Id of the object held between the fingers, if any. */
  held: string | null;
}

export interface SceneState {
  objects: SimObject[];
  gripper: GripperState;
  tableColour: Rgb;
}

export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  width: number;
  height: number;
}

/** World-to-camera transform (OpenCV convention: x right, y down, z forward): p_cam = R p_world + t. */
export interface Extrinsics {
  /** Row-major 3x3 rotation. */
  rotation: number[];
  translation: Vec3;
}

export interface CameraSpec {
  name: string;
  intrinsics: Intrinsics;
  extrinsics: Extrinsics;
}

/** 7 numbers: dx, dy, dz (m), droll, dpitch, dyaw (rad), gripper (1 = close, 0 = open). */
export type Action = [number, number, number, number, number, number, number];
/** 7 numbers: x, y, z, roll, pitch, yaw, gripper opening (m). */
export type State = [number, number, number, number, number, number, number];

export const ACTION_NAMES = ['dx', 'dy', 'dz', 'droll', 'dpitch', 'dyaw', 'gripper'] as const;
export const STATE_NAMES = ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_opening'] as const;

/** Control rate of the environment. */
export const CONTROL_HZ = 10;
