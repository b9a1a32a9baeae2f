/**
 * The bench's synthetic annotations: a seeded mix of points, boxes and trajectories on a 1280×720
 * frame, rendered through the editor's own kind utils (so the ops are the ones the studio draws),
 * with labels as annotators set them. Pure: it runs in the page and type-checks with the node code.
 */
import type { BoxGeometry, PointGeometry, TrajectoryGeometry } from '../../../src/shared/contract/annotations';
import { boxUtil } from '../../../src/renderer/editor/kinds/box';
import { pointUtil } from '../../../src/renderer/editor/kinds/point';
import { trajectoryUtil } from '../../../src/renderer/editor/kinds/trajectory';
import type { DrawOp, RenderStyle } from '../../../src/renderer/editor/types';

export const FRAME = { width: 1280, height: 720 };
const COLORS = ['#ff6b6b', '#51cf66', '#339af0', '#fcc419', '#cc5de8', '#20c997', '#ff922b'];
const LABELS = ['cup', 'gripper', 'apple', 'bowl', 'block', 'drawer', 'sponge'];
const TRAJECTORY_VERTICES = 12;

export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export type SceneShape =
  | { kind: 'point'; g: PointGeometry; style: RenderStyle }
  | { kind: 'box'; g: BoxGeometry; style: RenderStyle }
  | { kind: 'trajectory'; g: TrajectoryGeometry; style: RenderStyle };

/** `count` annotations (40% points, 30% boxes, 30% trajectories), all inside the frame. */
export function sceneShapes(count: number, seed = 1): SceneShape[] {
  const random = seeded(seed);
  const shapes: SceneShape[] = [];
  const at = (margin: number) => ({ x: margin + random() * (FRAME.width - 2 * margin), y: margin + random() * (FRAME.height - 2 * margin) });
  for (let i = 0; i < count; i++) {
    const style: RenderStyle = { color: COLORS[i % COLORS.length]!, selected: false, label: LABELS[i % LABELS.length], currentFrame: 3, scale: 1 };
    const r = random();
    if (r < 0.4) {
      const p = at(10);
      shapes.push({ kind: 'point', g: { x: p.x, y: p.y, role: 'other' }, style });
    } else if (r < 0.7) {
      const p = at(60);
      const g = { x1: p.x - 10 - random() * 40, y1: p.y - 10 - random() * 40, x2: p.x + 10 + random() * 40, y2: p.y + 10 + random() * 40 } as BoxGeometry;
      shapes.push({ kind: 'box', g, style });
    } else {
      let p = at(80);
      const points = [];
      for (let v = 0; v < TRAJECTORY_VERTICES; v++) {
        points.push({ x: p.x, y: p.y, frame: v });
        p = { x: Math.min(FRAME.width, Math.max(0, p.x + (random() - 0.3) * 30)), y: Math.min(FRAME.height, Math.max(0, p.y + (random() - 0.5) * 30)) };
      }
      shapes.push({ kind: 'trajectory', g: { of: 'gripper', points }, style });
    }
  }
  return shapes;
}

/** The shapes' draw ops at `scale` image pixels per screen pixel, as the episode view renders them. */
export function renderScene(shapes: readonly SceneShape[], scale: number): DrawOp[] {
  const ops: DrawOp[] = [];
  for (const shape of shapes) {
    const style = { ...shape.style, scale };
    if (shape.kind === 'point') ops.push(...pointUtil.render(shape.g, style));
    else if (shape.kind === 'box') ops.push(...boxUtil.render(shape.g, style));
    else ops.push(...trajectoryUtil.render(shape.g, style));
  }
  return ops;
}
