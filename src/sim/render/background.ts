/**
 * The static part of every frame: a wooden table top in a dim room (floor, walls), ray-cast once per
 * camera and table colour with 4x4 samples per pixel, and kept. Each frame starts as a copy of it.
 * Also kept: the table's depth, so that geometry below the table top is hidden, and a mask of table
 * pixels, the only place shadows fall.
 */
import { TABLE_EXTENT } from '../catalog';
import { cameraEye } from '../meshPose';
import type { CameraSpec, Rgb } from '../types';
import { LIGHT } from './shading';

export interface Background {
  colour: Uint8Array;
  /** 1/z per pixel (larger is nearer); the table is pushed back a hair so resting objects win ties. */
  depth: Float32Array;
  /** 1 where the pixel centre sees the table top. */
  table: Uint8Array;
}

const SAMPLES = 4;
const FLOOR_Z = -0.76;
const ROOM = 1.7;
const PLANK = 0.11;
const TIE_BIAS = 1 - 1e-5;

const cache = new Map<string, Background>();
const CACHE_LIMIT = 16;

export function backgroundFor(camera: CameraSpec, tableColour: Rgb): Background {
  const key = JSON.stringify([camera.intrinsics, camera.extrinsics, tableColour]);
  const hit = cache.get(key);
  if (hit) return hit;
  const bg = castBackground(camera, tableColour);
  cache.set(key, bg);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return bg;
}

function castBackground(camera: CameraSpec, tableColour: Rgb): Background {
  const { width, height, fx, fy, cx, cy } = camera.intrinsics;
  const r = camera.extrinsics.rotation;
  const eye = cameraEye(camera);
  const colour = new Uint8Array(width * height * 3);
  const depth = new Float32Array(width * height);
  const table = new Uint8Array(width * height);
  const sample: [number, number, number] = [0, 0, 0];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      let rs = 0;
      let gs = 0;
      let bs = 0;
      for (let j = 0; j < SAMPLES; j++) {
        for (let i = 0; i < SAMPLES; i++) {
          const dc = [(u + (i + 0.5) / SAMPLES - cx) / fx, (v + (j + 0.5) / SAMPLES - cy) / fy, 1];
          shadeRay(eye, worldDirection(r, dc), tableColour, sample);
          rs += sample[0];
          gs += sample[1];
          bs += sample[2];
        }
      }
      const k = v * width + u;
      const n = SAMPLES * SAMPLES;
      colour[3 * k] = toByte(rs / n);
      colour[3 * k + 1] = toByte(gs / n);
      colour[3 * k + 2] = toByte(bs / n);
      const centre = worldDirection(r, [(u + 0.5 - cx) / fx, (v + 0.5 - cy) / fy, 1]);
      const t = tableHit(eye, centre);
      if (t > 0) {
        table[k] = 1;
        // The ray's camera-space z grows by 1 per unit t because its camera-space direction has z = 1.
        depth[k] = TIE_BIAS / t;
      }
    }
  }
  return { colour, depth, table };
}

function worldDirection(r: number[], d: number[]): [number, number, number] {
  return [
    r[0]! * d[0]! + r[3]! * d[1]! + r[6]! * d[2]!,
    r[1]! * d[0]! + r[4]! * d[1]! + r[7]! * d[2]!,
    r[2]! * d[0]! + r[5]! * d[1]! + r[8]! * d[2]!,
  ];
}

/** Ray parameter where the ray meets the table top, or -1. */
function tableHit(eye: number[], d: number[]): number {
  if (d[2]! >= 0 || eye[2]! <= 0) return -1;
  const t = -eye[2]! / d[2]!;
  const x = eye[0]! + t * d[0]!;
  const y = eye[1]! + t * d[1]!;
  const inside = x >= TABLE_EXTENT.x[0] && x <= TABLE_EXTENT.x[1] && y >= TABLE_EXTENT.y[0] && y <= TABLE_EXTENT.y[1];
  return inside ? t : -1;
}

function shadeRay(eye: number[], d: number[], tableColour: Rgb, out: [number, number, number]): void {
  const t = tableHit(eye, d);
  if (t > 0) {
    tableTexture(eye[0]! + t * d[0]!, eye[1]! + t * d[1]!, tableColour, out);
    return;
  }
  // The nearest of the floor and the four walls of a square room around the table.
  let best = Infinity;
  let what = 0;
  if (d[2]! < 0) {
    best = (FLOOR_Z - eye[2]!) / d[2]!;
    what = 1;
  }
  for (let axis = 0; axis < 2; axis++) {
    const dir = d[axis]!;
    if (dir === 0) continue;
    const tw = ((dir > 0 ? ROOM : -ROOM) - eye[axis]!) / dir;
    if (tw > 0 && tw < best) {
      best = tw;
      what = 2;
    }
  }
  const x = eye[0]! + best * d[0]!;
  const y = eye[1]! + best * d[1]!;
  const z = eye[2]! + best * d[2]!;
  if (what === 1) floorTexture(x, y, out);
  else wallTexture(x, y, z, out);
}

/** Planks along x with a per-plank shade, wavy grain, thin dark seams and a darker rounded edge. */
function tableTexture(x: number, y: number, c: Rgb, out: [number, number, number]): void {
  const across = y - TABLE_EXTENT.y[0];
  const plank = Math.floor(across / PLANK);
  const inPlank = across - plank * PLANK;
  let k = 1 + 0.07 * (hash(plank, 7) - 0.5);
  const wobble = 0.004 * noise(x * 6 + plank * 13.1, plank);
  const grain = triangle((y + wobble + 0.0025 * noise(x * 23, plank + 50)) * 140);
  k *= 1 + 0.05 * (grain - 0.5) + 0.035 * (noise(x * 3.1 + 11 * plank, plank + 99) - 0.5);
  if (inPlank < 0.0016 || inPlank > PLANK - 0.0016) k *= 0.78;
  const edge = Math.min(x - TABLE_EXTENT.x[0], TABLE_EXTENT.x[1] - x, y - TABLE_EXTENT.y[0], TABLE_EXTENT.y[1] - y);
  if (edge < 0.015) k *= 0.72 + (0.28 * edge) / 0.015;
  out[0] = c[0] * k;
  out[1] = c[1] * k;
  out[2] = c[2] * k;
}

/** Large grey tiles, darker where the table's own shadow falls. */
function floorTexture(x: number, y: number, out: [number, number, number]): void {
  const tile = 0.5;
  const ix = Math.floor(x / tile);
  const iy = Math.floor(y / tile);
  let k = 1 + 0.06 * (hash(ix * 31 + iy, 3) - 0.5);
  const fx = x - ix * tile;
  const fy = y - iy * tile;
  if (fx < 0.008 || fy < 0.008) k *= 0.7;
  // Walking from the floor towards the sun up to the table's height: is the table in the way?
  const sx = x + (LIGHT[0] / LIGHT[2]) * -FLOOR_Z;
  const sy = y + (LIGHT[1] / LIGHT[2]) * -FLOOR_Z;
  if (sx >= TABLE_EXTENT.x[0] && sx <= TABLE_EXTENT.x[1] && sy >= TABLE_EXTENT.y[0] && sy <= TABLE_EXTENT.y[1]) k *= 0.55;
  out[0] = 66 * k;
  out[1] = 64 * k;
  out[2] = 62 * k;
}

/** Pale walls that darken towards the floor, with a dark skirting board. */
function wallTexture(x: number, y: number, z: number, out: [number, number, number]): void {
  const h = z - FLOOR_Z;
  if (h < 0.1) {
    out[0] = 48;
    out[1] = 48;
    out[2] = 52;
    return;
  }
  const k = Math.min(1, 0.72 + 0.2 * h) * (1 + 0.02 * (noise((x + y) * 4, 5) - 0.5));
  out[0] = 112 * k;
  out[1] = 116 * k;
  out[2] = 124 * k;
}

/** A deterministic value in [0, 1) for an integer pair. */
function hash(i: number, seed: number): number {
  let h = Math.imul(i | 0, 0x27d4eb2d) ^ Math.imul(seed | 0, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth 1-D value noise in [0, 1). */
function noise(x: number, seed: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const s = f * f * (3 - 2 * f);
  return hash(i, seed) * (1 - s) + hash(i + 1, seed) * s;
}

/** A triangle wave in [0, 1] with period 1: soft stripes without a trigonometric call. */
function triangle(x: number): number {
  const f = x - Math.floor(x);
  return f < 0.5 ? 2 * f : 2 - 2 * f;
}

function toByte(v: number): number {
  return v >= 255 ? 255 : v <= 0 ? 0 : (v + 0.5) | 0;
}
