import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeCameras } from '../camera';
import { COLOUR_RGB, GRIPPER_MAX_OPENING, KIND_SPECS } from '../catalog';
import { SimInputError } from '../errors';
import { objectBox, objectCentre, projectPoint } from '../groundTruth';
import type { CameraSpec, ColourName, GripperState, ObjectKind, SceneState, SimObject, Vec3 } from '../types';
import { OBJECT_KINDS } from '../types';
import { createRenderer } from './index';

function object(id: string, kind: ObjectKind, colour: ColourName, pos: Vec3, yaw = 0): SimObject {
  const s = KIND_SPECS[kind];
  const sx = s.sx[1];
  return { id, kind, colour, size: { sx, sy: s.sy ? s.sy[1] : sx, sz: s.sz ? s.sz[1] : sx }, pos, yaw };
}

function gripper(pos: Vec3, opening = GRIPPER_MAX_OPENING, yaw = 0): GripperState {
  return { pos, roll: 0, pitch: 0, yaw, opening, closing: false, held: null };
}

/** Parked high above the far left corner of the table, clear of the objects under test. */
const AWAY = gripper([0.4, 0.5, 0.45]);

function scene(objects: SimObject[], g: GripperState = AWAY): SceneState {
  return { objects, gripper: g, tableColour: [150, 111, 80] };
}

/** One object of every kind, spread over the table, with the gripper above the middle. */
function everyKind(): SceneState {
  const colours: ColourName[] = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'white', 'black', 'pink', 'cyan'];
  const objects = OBJECT_KINDS.map((kind, i) =>
    object(`obj${i}`, kind, colours[i]!, [-0.2 + 0.2 * (i % 3), -0.3 + 0.17 * Math.floor(i / 3), 0], 0.4 * i));
  return scene(objects, gripper([0.02, 0.05, 0.2], 0.06, 0.3));
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function pixel(rgb: Uint8Array, width: number, u: number, v: number): [number, number, number] {
  const i = 3 * (Math.floor(v) * width + Math.floor(u));
  return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
}

/**
 * Pinned output. A change here means frames differ from the ones datasets were made with: if the change
 * is intended, update the hash and say so in the change's note.
 */
const PINNED: Record<string, string> = {
  'front 128x128': '41f120ecfbfc8c4f5b0a138f81c1be57b26a73cb22f6fea6d971e46ad63b3355',
  'side 320x240': 'fc42fd162842a9ee652cd3965b8958242a2995ed2f83fab98bdce26808997b61',
};

describe('createRenderer', () => {
  it('returns width * height * 3 bytes, a new array per call', () => {
    const [front] = makeCameras(128, 128);
    const r = createRenderer(front!);
    const a = r.render(everyKind());
    const b = r.render(everyKind());
    expect(r.width).toBe(128);
    expect(r.height).toBe(128);
    expect(a).toHaveLength(128 * 128 * 3);
    expect(a).not.toBe(b);
  });

  it('is deterministic: twice, in a fresh renderer, and equal to the pinned hash', () => {
    for (const [name, w, h] of [['front', 128, 128], ['side', 320, 240]] as const) {
      const camera = makeCameras(w, h).find((c) => c.name === name)!;
      const r = createRenderer(camera);
      const first = sha(r.render(everyKind()));
      r.render(scene([]));
      expect(sha(r.render(everyKind()))).toBe(first);
      expect(sha(createRenderer(camera).render(everyKind()))).toBe(first);
      expect(first).toBe(PINNED[`${name} ${w}x${h}`]);
    }
  });

  for (const [w, h] of [[128, 128], [320, 240]] as const) {
    it(`changes pixels inside the object's box and leaves the far table alone (${w}x${h})`, () => {
      for (const camera of makeCameras(w, h)) {
        const r = createRenderer(camera);
        const empty = r.render(scene([]));
        const can = object('can', 'can', 'blue', [0.05, -0.08, 0]);
        const full = r.render(scene([can]));
        const [x1, y1, x2, y2] = objectBox(camera, can)!;
        const margin = 0.6 * Math.max(x2 - x1, y2 - y1);
        let inside = 0;
        let insideChanged = 0;
        for (let v = 0; v < h; v++) {
          for (let u = 0; u < w; u++) {
            const i = 3 * (v * w + u);
            const changed = empty[i] !== full[i] || empty[i + 1] !== full[i + 1] || empty[i + 2] !== full[i + 2];
            const [cu, cv] = [u + 0.5, v + 0.5];
            if (cu >= x1 && cu <= x2 && cv >= y1 && cv <= y2) {
              inside++;
              if (changed) insideChanged++;
            } else if (changed) {
              // Outside the box only the shadow may change pixels: darker, and near the object.
              expect(full[i]! <= empty[i]! && full[i + 1]! <= empty[i + 1]! && full[i + 2]! <= empty[i + 2]!).toBe(true);
              expect(cu > x1 - margin && cu < x2 + margin && cv > y1 - margin && cv < y2 + margin).toBe(true);
            }
          }
        }
        expect(inside).toBeGreaterThan(0);
        expect(insideChanged / inside).toBeGreaterThan(0.6);
      }
    });
  }

  it("shows the object's own colour at its projected centre", () => {
    const colours: ColourName[] = ['red', 'green', 'blue', 'yellow'];
    const kinds: ObjectKind[] = ['cube', 'can', 'ball', 'bottle'];
    for (const camera of [...makeCameras(128, 128), ...makeCameras(320, 240)]) {
      const r = createRenderer(camera);
      kinds.forEach((kind, k) => {
        const colour = colours[k]!;
        const obj = object('o', kind, colour, [0.05 * k - 0.05, 0.1 - 0.07 * k, 0], 0.5);
        const rgb = r.render(scene([obj]));
        const [u, v] = projectPoint(camera, objectCentre(obj));
        const got = pixel(rgb, camera.intrinsics.width, u, v);
        const want = COLOUR_RGB[colour];
        const strongest = (c: readonly number[]) => c.indexOf(Math.max(...c));
        expect(strongest(got)).toBe(strongest(want));
        // Same hue family: the shaded pixel is the base colour scaled by roughly one factor.
        const scale = (got[0] + got[1] + got[2]) / (want[0] + want[1] + want[2]);
        for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - want[c]! * scale)).toBeLessThan(40);
      });
    }
  });

  it('draws the gripper at its projected tool centre point', () => {
    for (const camera of [...makeCameras(128, 128), ...makeCameras(320, 240)]) {
      const r = createRenderer(camera);
      const w = camera.intrinsics.width;
      const tcp: Vec3 = [0.05, -0.05, 0.15];
      const without = r.render(scene([]));
      // Shut fingers meet at the tool centre point: that very pixel is finger.
      const shut = r.render(scene([], gripper(tcp, 0, 0.4)));
      const [u, v] = projectPoint(camera, tcp);
      expect(pixel(shut, w, u, v)).not.toEqual(pixel(without, w, u, v));
      const [cr, cg, cb] = pixel(shut, w, u, v);
      expect(Math.max(cr, cg, cb) - Math.min(cr, cg, cb)).toBeLessThan(25);
      // Open fingers sit either side of it: gripper pixels close by.
      const open = r.render(scene([], gripper(tcp, GRIPPER_MAX_OPENING, 0.4)));
      expect(changedNear(open, without, w, u, v, 0.08 * w)).toBeGreaterThan(3);
    }
  });

  it('never throws for a gripper at or near the camera, or objects behind it', () => {
    for (const camera of [...makeCameras(128, 128), ...makeCameras(320, 240)]) {
      const r = createRenderer(camera);
      const eye = eyeOf(camera);
      for (const d of [0, 0.005, 0.02, 0.05, 0.1, 0.2]) {
        const pos: Vec3 = [eye[0] + d, eye[1] + d / 2, eye[2] - d];
        for (const yaw of [0, 0.7, 2]) {
          const rgb = r.render(scene([object('b', 'bowl', 'red', [eye[0], eye[1], eye[2] - 0.03])], gripper(pos, 0.05, yaw)));
          expect(rgb).toHaveLength(camera.intrinsics.width * camera.intrinsics.height * 3);
        }
      }
      expect(() => r.render(scene([object('c', 'cube', 'red', [-2, 0, 0])], { ...AWAY, roll: 3, pitch: -1.2 }))).not.toThrow();
    }
  });

  it('rejects a scene it cannot draw with a SimInputError', () => {
    const [front] = makeCameras(128, 128);
    const r = createRenderer(front!);
    const bad = { ...object('x', 'cube', 'red', [0, 0, 0]), colour: 'mauve' as ColourName };
    expect(() => r.render(scene([bad]))).toThrow(SimInputError);
    expect(() => r.render(scene([object('x', 'cube', 'red', [Number.NaN, 0, 0])]))).toThrow(SimInputError);
  });
});

function changedNear(a: Uint8Array, b: Uint8Array, w: number, u: number, v: number, radius: number): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(v - radius)); y <= v + radius && y < a.length / 3 / w; y++) {
    for (let x = Math.max(0, Math.floor(u - radius)); x <= u + radius && x < w; x++) {
      const i = 3 * (y * w + x);
      if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
    }
  }
  return n;
}

function eyeOf(camera: CameraSpec): Vec3 {
  const r = camera.extrinsics.rotation;
  const t = camera.extrinsics.translation;
  return [
    -(r[0]! * t[0] + r[3]! * t[1] + r[6]! * t[2]),
    -(r[1]! * t[0] + r[4]! * t[1] + r[7]! * t[2]),
    -(r[2]! * t[0] + r[5]! * t[1] + r[8]! * t[2]),
  ];
}
