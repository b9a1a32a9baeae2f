import { describe, expect, it } from 'vitest';
import { makeCameras, project } from './camera';
import { KIND_SPECS } from './catalog';
import type { RecordedEpisode } from './contracts';
import { episodeGroundTruth, objectBox, objectCentre, projectPoint } from './groundTruth';
import type { CameraSpec, ObjectKind, SceneState, SimObject, Vec3 } from './types';
import { OBJECT_KINDS } from './types';

function object(kind: ObjectKind, pos: Vec3, yaw = 0, id: string = kind): SimObject {
  const s = KIND_SPECS[kind];
  const sx = s.sx[0];
  return { id, kind, colour: 'red', size: { sx, sy: s.sy ? s.sy[0] : sx, sz: s.sz ? s.sz[0] : sx }, pos, yaw };
}

/** The pinhole model written out from the stored calibration, independently of camera.ts. */
function byHand(camera: CameraSpec, p: Vec3): [number, number] {
  const R = camera.extrinsics.rotation;
  const t = camera.extrinsics.translation;
  const x = R[0]! * p[0] + R[1]! * p[1] + R[2]! * p[2] + t[0];
  const y = R[3]! * p[0] + R[4]! * p[1] + R[5]! * p[2] + t[1];
  const z = R[6]! * p[0] + R[7]! * p[1] + R[8]! * p[2] + t[2];
  const { fx, fy, cx, cy } = camera.intrinsics;
  return [fx * (x / z) + cx, fy * (y / z) + cy];
}

const POINTS: Vec3[] = [
  [0, 0, 0], [0.2, 0.3, 0], [-0.3, -0.4, 0.05], [0.4, -0.5, 0.2], [0.1, 0.1, 0.4], [-0.1, 0.45, 0.1],
];

describe('projection', () => {
  for (const [w, h] of [[128, 128], [320, 240]] as const) {
    it(`matches the stored calibration at ${w}x${h} within 0.01 px`, () => {
      for (const camera of makeCameras(w, h)) {
        for (const p of POINTS) {
          const [u, v] = byHand(camera, p);
          const got = projectPoint(camera, p);
          expect(Math.abs(got[0] - u)).toBeLessThan(0.01);
          expect(Math.abs(got[1] - v)).toBeLessThan(0.01);
        }
      }
    });
  }

  it('puts the look-at target at the image centre and the table in view', () => {
    const [front] = makeCameras(320, 240);
    const [u, v] = projectPoint(front!, [0.02, 0, 0]);
    expect(u).toBeCloseTo(160, 6);
    expect(v).toBeCloseTo(120, 6);
  });
});

describe('objectBox', () => {
  const cameras = makeCameras(320, 240);

  it('encloses the projection of every corner of a box-shaped object, tightly', () => {
    const cube = object('cube', [0.05, -0.1, 0], 0.3);
    for (const camera of cameras) {
      const box = objectBox(camera, cube)!;
      const h = cube.size.sx / 2;
      const c = Math.cos(0.3);
      const s = Math.sin(0.3);
      const us: number[] = [];
      const vs: number[] = [];
      for (const [dx, dy, z] of [[-h, -h, 0], [h, -h, 0], [h, h, 0], [-h, h, 0], [-h, -h, 2 * h], [h, -h, 2 * h], [h, h, 2 * h], [-h, h, 2 * h]]) {
        const [u, v] = project(camera, [0.05 + c * dx! - s * dy!, -0.1 + s * dx! + c * dy!, z!]);
        us.push(u);
        vs.push(v);
      }
      expect(box[0]).toBeCloseTo(Math.min(...us), 6);
      expect(box[1]).toBeCloseTo(Math.min(...vs), 6);
      expect(box[2]).toBeCloseTo(Math.max(...us), 6);
      expect(box[3]).toBeCloseTo(Math.max(...vs), 6);
    }
  });

  it('gives a box inside the image for every kind on the table', () => {
    for (const kind of OBJECT_KINDS) {
      for (const camera of cameras) {
        const box = objectBox(camera, object(kind, [0.1, 0.1, 0], 1))!;
        expect(box).not.toBeNull();
        expect(box[0]).toBeGreaterThanOrEqual(0);
        expect(box[1]).toBeGreaterThanOrEqual(0);
        expect(box[2]).toBeLessThanOrEqual(320);
        expect(box[3]).toBeLessThanOrEqual(240);
        expect(box[2] - box[0]).toBeGreaterThan(3);
        expect(box[3] - box[1]).toBeGreaterThan(3);
      }
    }
  });

  it('is null for an object far off the table or behind the camera', () => {
    for (const camera of cameras) {
      expect(objectBox(camera, object('can', [5, 5, 0]))).toBeNull();
      expect(objectBox(camera, object('can', [-3, 0, 0]))).toBeNull();
      expect(objectBox(camera, object('bowl', [0, -4, 0.5]))).toBeNull();
    }
  });

  it('clips an object that straddles the image edge to the image', () => {
    const [front] = cameras;
    const box = objectBox(front!, object('tray', [0.1, 0.62, 0]))!;
    expect(box).not.toBeNull();
    expect(box[0]).toBe(0);
  });

  it('stays finite for an object cut by the near plane', () => {
    const [front] = cameras;
    const box = objectBox(front!, object('bowl', [-0.62, 0, 0.6]))!;
    expect(box).not.toBeNull();
    expect(box.every(Number.isFinite)).toBe(true);
  });
});

describe('episodeGroundTruth', () => {
  it('projects target, place, gripper and the path ahead per frame and camera', () => {
    const cameras = makeCameras(128, 128);
    const cube = object('cube', [0.1, 0.05, 0], 0, 'obj0');
    const bowl = object('bowl', [-0.1, -0.2, 0], 0, 'obj1');
    const path: Vec3[] = [[0, 0, 0.3], [0.1, 0.05, 0.1], [0.1, 0.05, 0.03], [-0.1, -0.2, 0.2]];
    const scenes: SceneState[] = path.map((pos) => ({
      objects: [cube, bowl],
      gripper: { pos, roll: 0, pitch: 0, yaw: 0, opening: 0.05, closing: false, held: null },
      tableColour: [150, 111, 80],
    }));
    const place: Vec3 = [-0.1, -0.2, 0.05];
    const episode: RecordedEpisode = {
      seed: 3, variant: 'in_distribution', task: { family: 'place', targetId: 'obj0', referenceId: 'obj1', side: null },
      instruction: 'put the red cube in the red bowl', scenes, placePoints: scenes.map(() => place),
      states: [], actions: [], success: true, reason: 'success',
    };
    const truth = episodeGroundTruth(episode, cameras);
    expect(truth).toHaveLength(4);
    for (const camera of cameras) {
      for (let i = 0; i < 4; i++) {
        const t = truth[i]!.cameras[camera.name]!;
        expect(t.boxes.map((b) => b.id)).toEqual(['obj0', 'obj1']);
        expect(t.boxes[0]!.box).toEqual(objectBox(camera, cube));
        expect(t.target).toEqual(projectPoint(camera, objectCentre(cube)));
        expect(t.place).toEqual(projectPoint(camera, place));
        expect(t.gripper).toEqual(projectPoint(camera, path[i]!));
        expect(t.trace).toEqual(path.slice(i).map((p) => projectPoint(camera, p)));
      }
    }
  });
});
