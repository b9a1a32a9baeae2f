/**
 * Frames per second of the software renderer for a fixed 6-object scene with the gripper moving.
 * Run directly (`npx tsx bench/sim/render.ts`) for a small table, or call measureRenderFps.
 */
import { makeCameras } from '../../src/sim/camera';
import { GRIPPER_MAX_OPENING, KIND_SPECS } from '../../src/sim/catalog';
import { createRenderer } from '../../src/sim/render/index';
import { Rng } from '../../src/sim/rng';
import { COLOURS, OBJECT_KINDS, type SceneState, type SimObject } from '../../src/sim/types';

export interface RenderBenchOptions {
  /** Which of makeCameras' cameras draws; default "front". */
  camera?: 'front' | 'side';
  /** Timed repeats; the median is returned. Default 7. */
  repeats?: number;
  /** Minimum duration of one repeat, ms. Default 250. */
  minMs?: number;
  seed?: number;
}

/** Six objects of seeded random kinds and colours, spaced apart on the table, the gripper above them. */
export function benchScene(seed = 1): SceneState {
  const rng = new Rng(seed);
  const objects: SimObject[] = [];
  while (objects.length < 6) {
    const kind = rng.pick(OBJECT_KINDS);
    const spec = KIND_SPECS[kind];
    const sx = rng.uniform(...spec.sx);
    const size = { sx, sy: spec.sy ? rng.uniform(...spec.sy) : sx, sz: spec.sz ? rng.uniform(...spec.sz) : sx };
    const pos: [number, number, number] = [rng.uniform(-0.25, 0.25), rng.uniform(-0.35, 0.35), 0];
    const reach = Math.hypot(size.sx, size.sy) / 2;
    const clear = objects.every((o) => Math.hypot(o.pos[0] - pos[0], o.pos[1] - pos[1]) > reach + Math.hypot(o.size.sx, o.size.sy) / 2 + 0.01);
    if (!clear) continue;
    objects.push({ id: `obj${objects.length}`, kind, colour: rng.pick(COLOURS), size, pos, yaw: rng.uniform(-Math.PI, Math.PI) });
  }
  return {
    objects,
    gripper: { pos: [0, 0, 0.25], roll: 0, pitch: 0, yaw: 0, opening: GRIPPER_MAX_OPENING, closing: false, held: null },
    tableColour: [150, 111, 80],
  };
}

/** Median frames/s over several timed repeats of rendering benchScene at width x height. */
export function measureRenderFps(width: number, height: number, opts: RenderBenchOptions = {}): number {
  const { camera = 'front', repeats = 7, minMs = 250, seed = 1 } = opts;
  const spec = makeCameras(width, height).find((c) => c.name === camera)!;
  const renderer = createRenderer(spec);
  const base = benchScene(seed);
  // The gripper sweeps over the table so that each frame differs, as in an episode.
  const scenes = Array.from({ length: 64 }, (_, i) => ({
    ...base,
    gripper: { ...base.gripper, pos: [0.2 * Math.cos(i / 10), 0.3 * Math.sin(i / 10), 0.1 + 0.002 * i] as [number, number, number], yaw: i / 20 },
  }));
  let sink = 0;
  for (let i = 0; i < 200; i++) sink += renderer.render(scenes[i % 64]!)[i]!;
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let frames = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minMs) {
      for (let k = 0; k < 32; k++) sink += renderer.render(scenes[frames++ % 64]!)[0]!;
      elapsed = performance.now() - start;
    }
    rates.push((frames * 1000) / elapsed);
  }
  if (sink < 0) console.log(sink);
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

function main(): void {
  const rows: string[] = ['| resolution | camera | frames/s (median) | bar |', '|---|---|---|---|'];
  for (const [w, h, bar] of [[128, 128, 1000], [320, 240, 300]] as const) {
    for (const camera of ['front', 'side'] as const) {
      const fps = measureRenderFps(w, h, { camera });
      rows.push(`| ${w}x${h} | ${camera} | ${fps.toFixed(0)} | ${bar} |`);
    }
  }
  console.log(rows.join('\n'));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) main();
