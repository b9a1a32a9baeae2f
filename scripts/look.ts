/**
 * Renders a few representative scenes from both cameras to PNGs for a person to look at:
 *   npx tsx scripts/look.ts OUTDIR [--gt] [--size 320x240] [--episode SEED[:family]]
 * With --gt, a second copy of each image has the ground truth drawn on it: object boxes (yellow),
 * target centre (red), place point (green), gripper point and its path ahead (cyan).
 * With --episode, it records that seed's expert episode instead and draws four of its frames.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { makeCameras } from '../src/sim/camera';
import { GRIPPER_MAX_OPENING, KIND_SPECS, SEEN_TABLE_COLOURS, UNSEEN_TABLE_COLOURS } from '../src/sim/catalog';
import type { CameraTruth, RecordedEpisode } from '../src/sim/contracts';
import { episodeGroundTruth } from '../src/sim/groundTruth';
import { recordEpisode } from '../src/sim/record';
import { createRenderer } from '../src/sim/render/index';
import type { ColourName, GripperState, ObjectKind, Rgb, SceneState, SimObject, Vec3 } from '../src/sim/types';

function object(id: string, kind: ObjectKind, colour: ColourName, x: number, y: number, yaw = 0, z = 0): SimObject {
  const spec = KIND_SPECS[kind];
  const mid = (r: [number, number]) => (r[0] + r[1]) / 2;
  const sx = mid(spec.sx);
  return { id, kind, colour, size: { sx, sy: spec.sy ? mid(spec.sy) : sx, sz: spec.sz ? mid(spec.sz) : sx }, pos: [x, y, z], yaw };
}

function gripper(pos: Vec3, opening = GRIPPER_MAX_OPENING, yaw = 0, held: string | null = null): GripperState {
  return { pos, roll: 0, pitch: 0, yaw, opening, closing: held !== null, held };
}

const parked = gripper([-0.05, 0, 0.33]);

/** A scene plus the few frames that follow it, so that the gripper's path can be drawn. */
interface Shot {
  name: string;
  scene: SceneState;
  targetId: string;
  place: Vec3 | null;
  path: Vec3[];
}

function shots(): Shot[] {
  const table = SEEN_TABLE_COLOURS[0]!;
  const bowl = object('bowl', 'bowl', 'white', 0.05, 0.16);
  const ball = object('ball', 'ball', 'red', 0.05, 0.16, 0, bowl.size.sz * 0.14);
  const plate = object('plate', 'plate', 'white', 0.08, -0.15);
  const cube = object('cube', 'cube', 'green', 0.08, -0.15, 0.4, plate.size.sz * 0.35);
  const tray = object('tray', 'tray', 'blue', -0.17, 0.0, 0.2);
  const carrot = object('carrot', 'carrot', 'orange', -0.17, 0.0, 0.2, 0.006);
  const out: Shot[] = [
    { name: 'containers', scene: { objects: [bowl, ball, plate, cube, tray, carrot], gripper: parked, tableColour: table }, targetId: 'ball', place: null, path: [] },
  ];

  const pickables: ObjectKind[] = ['cube', 'block', 'can', 'ball', 'cup', 'carrot', 'bottle'];
  const colourSets: ColourName[][] = [
    ['red', 'green', 'blue'],
    ['yellow', 'purple', 'white'],
    ['orange', 'black', 'pink', 'cyan'],
  ];
  colourSets.forEach((colours, s) => {
    const objects: SimObject[] = [];
    pickables.forEach((kind, i) => {
      colours.forEach((colour, j) => {
        const x = -0.2 + 0.13 * j;
        const y = 0.33 - 0.11 * i;
        objects.push(object(`${kind}${j}`, kind, colour, x, y, 0.3 * (i + j)));
      });
    });
    const tableColour = s === 2 ? UNSEEN_TABLE_COLOURS[1]! : SEEN_TABLE_COLOURS[s]!;
    out.push({ name: `pickables${s}`, scene: { objects, gripper: gripper([0.25, -0.3, 0.3]), tableColour }, targetId: objects[0]!.id, place: null, path: [] });
  });

  const can = object('can', 'can', 'red', 0.02, -0.05, 0);
  const cup = object('cup', 'cup', 'yellow', -0.12, 0.14, 0.7);
  const bottle = object('bottle', 'bottle', 'green', 0.14, 0.12);
  const above: Vec3 = [can.pos[0], can.pos[1], can.size.sz + 0.08];
  out.push({
    name: 'open_above',
    scene: { objects: [can, cup, bottle], gripper: gripper(above, GRIPPER_MAX_OPENING, 0.3), tableColour: SEEN_TABLE_COLOURS[1]! },
    targetId: 'can',
    place: null,
    path: [above, [can.pos[0], can.pos[1], can.size.sz * 0.6], [can.pos[0], can.pos[1], 0.2]],
  });

  const block = object('block', 'block', 'purple', 0.0, 0.05, 0.5, 0.12);
  const bowl2 = object('bowl2', 'bowl', 'cyan', 0.12, -0.18);
  const ballAside = object('ball2', 'ball', 'yellow', -0.15, -0.1);
  const tcp: Vec3 = [block.pos[0], block.pos[1], block.pos[2] + block.size.sz / 2];
  const place: Vec3 = [bowl2.pos[0], bowl2.pos[1], bowl2.size.sz];
  out.push({
    name: 'holding',
    scene: { objects: [block, bowl2, ballAside], gripper: gripper(tcp, block.size.sy, 0.5, 'block'), tableColour: SEEN_TABLE_COLOURS[2]! },
    targetId: 'block',
    place,
    path: [tcp, [0.06, -0.07, 0.16], [0.12, -0.18, 0.14], [0.12, -0.18, 0.09]],
  });
  return out;
}

function asEpisode(shot: Shot): RecordedEpisode {
  const path = shot.path.length > 0 ? shot.path : [shot.scene.gripper.pos];
  const scenes = path.map((pos) => ({ ...shot.scene, gripper: { ...shot.scene.gripper, pos } }));
  return {
    seed: 0,
    variant: 'in_distribution',
    task: { family: shot.place ? 'place' : 'pick', targetId: shot.targetId, referenceId: null, side: null },
    instruction: '',
    scenes,
    placePoints: scenes.map(() => shot.place),
    states: [],
    actions: [],
    success: true,
    reason: 'success',
  };
}

function writePng(path: string, rgb: Uint8Array, width: number, height: number): void {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = rgb[3 * i]!;
    png.data[4 * i + 1] = rgb[3 * i + 1]!;
    png.data[4 * i + 2] = rgb[3 * i + 2]!;
    png.data[4 * i + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png));
}

function drawTruth(rgb: Uint8Array, width: number, height: number, truth: CameraTruth): Uint8Array {
  const out = rgb.slice();
  const dot = (x: number, y: number, c: Rgb) => {
    const [px, py] = [Math.floor(x), Math.floor(y)];
    if (px < 0 || py < 0 || px >= width || py >= height) return;
    out.set(c, 3 * (py * width + px));
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: Rgb) => {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let s = 0; s <= steps; s++) dot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, c);
  };
  const cross = (p: [number, number], c: Rgb) => {
    line(p[0] - 3, p[1], p[0] + 3, p[1], c);
    line(p[0], p[1] - 3, p[0], p[1] + 3, c);
  };
  for (const { box } of truth.boxes) {
    if (!box) continue;
    const [x1, y1, x2, y2] = [box[0], box[1], box[2] - 0.01, box[3] - 0.01];
    line(x1, y1, x2, y1, [255, 230, 0]);
    line(x2, y1, x2, y2, [255, 230, 0]);
    line(x2, y2, x1, y2, [255, 230, 0]);
    line(x1, y2, x1, y1, [255, 230, 0]);
  }
  for (let i = 1; i < truth.trace.length; i++) {
    const [a, b] = [truth.trace[i - 1]!, truth.trace[i]!];
    line(a[0], a[1], b[0], b[1], [0, 220, 255]);
  }
  cross(truth.target, [255, 0, 0]);
  cross(truth.gripper, [0, 220, 255]);
  if (truth.place) cross(truth.place, [0, 255, 0]);
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && !/^\d+x\d+$/.test(a)) ?? '/tmp/look';
  const withTruth = args.includes('--gt');
  const sizeArg = args[args.indexOf('--size') + 1];
  const [width, height] = args.includes('--size') && sizeArg ? sizeArg.split('x').map(Number) : [320, 240];
  mkdirSync(dir, { recursive: true });
  const cameras = makeCameras(width!, height!);
  const episodeArg = args.includes('--episode') ? args[args.indexOf('--episode') + 1] : undefined;
  if (episodeArg !== undefined) {
    const [seed, family] = episodeArg.split(':');
    const run = recordEpisode({ seed: Number(seed), variant: 'in_distribution', ...(family ? { family } : {}) });
    console.log(`${run.instruction} (${run.scenes.length} frames, ${run.reason})`);
    const truth = episodeGroundTruth(run, cameras);
    const last = run.scenes.length - 1;
    for (const i of new Set([0, Math.round(last / 3), Math.round((2 * last) / 3), last])) {
      for (const camera of cameras) {
        const rgb = createRenderer(camera).render(run.scenes[i]!);
        const file = join(dir, `episode${seed}_f${i}_${camera.name}.png`);
        writePng(file, rgb, width!, height!);
        writePng(file.replace('.png', '_gt.png'), drawTruth(rgb, width!, height!, truth[i]!.cameras[camera.name]!), width!, height!);
        console.log(file);
      }
    }
    return;
  }
  for (const shot of shots()) {
    const truth = withTruth ? episodeGroundTruth(asEpisode(shot), cameras)[0]! : null;
    for (const camera of cameras) {
      const rgb = createRenderer(camera).render(shot.scene);
      const file = join(dir, `${shot.name}_${camera.name}.png`);
      writePng(file, rgb, width!, height!);
      if (truth) writePng(file.replace('.png', '_gt.png'), drawTruth(rgb, width!, height!, truth.cameras[camera.name]!), width!, height!);
      console.log(file);
    }
  }
}

main();
