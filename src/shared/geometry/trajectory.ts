/**
 * Suggested trajectories from the robot's own state: the end-effector positions projected into a
 * camera, then thinned to the handful of vertices ST4VLA's trajectory answers use.
 */
import type { Vec3 } from './linalg';
import { projector, type Projector } from './projection';

export interface TrajectoryPoint {
  x: number;
  y: number;
  frame: number;
}

/**
 * Projects the end-effector path from `fromFrame` to the end of the episode, every `stride` frames (the
 * last frame is always kept). `states[i]` starts with x, y, z in the calibration's world frame (metres),
 * as LeRobot's `observation.state` does. Frames whose position is behind the camera are left out.
 */
export function trajectoryFromStates(states: ArrayLike<ArrayLike<number>>, camera: Projector, fromFrame = 0, stride = 1): TrajectoryPoint[] {
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`stride must be a positive integer, got ${stride}`);
  if (!Number.isInteger(fromFrame) || fromFrame < 0) throw new Error(`fromFrame must be a non-negative integer, got ${fromFrame}`);
  const project = projector(camera);
  const out: TrajectoryPoint[] = [];
  const last = states.length - 1;
  for (let frame = fromFrame; frame <= last; frame = frame === last ? last + 1 : Math.min(frame + stride, last)) {
    const s = states[frame]!;
    const q = project([s[0]!, s[1]!, s[2]!] as Vec3);
    if (q.depth > 0 && Number.isFinite(q.x) && Number.isFinite(q.y)) out.push({ x: q.x, y: q.y, frame });
  }
  return out;
}

function distanceToSegment(p: TrajectoryPoint, a: TrajectoryPoint, b: TrajectoryPoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * Ramer-Douglas-Peucker to a vertex budget: starting from the end points, repeatedly keeps the vertex
 * farthest from the current polyline until `maxPoints` are kept or every dropped vertex lies within
 * `tolerancePx`. Kept vertices are original ones, so each keeps its true frame. A budget rather than a
 * tolerance alone because trajectory answers are a fixed handful of points (about 5-8).
 */
export function simplifyTrajectory(points: readonly TrajectoryPoint[], maxPoints = 6, tolerancePx = 0.5): TrajectoryPoint[] {
  if (maxPoints < 2) throw new Error(`a trajectory keeps at least 2 points, asked for ${maxPoints}`);
  if (points.length <= 2) return [...points];
  const kept = new Set<number>([0, points.length - 1]);
  while (kept.size < maxPoints) {
    const sorted = [...kept].sort((a, b) => a - b);
    let best = -1;
    let bestDistance = tolerancePx;
    for (let s = 0; s + 1 < sorted.length; s++) {
      const [i, j] = [sorted[s]!, sorted[s + 1]!];
      for (let k = i + 1; k < j; k++) {
        const d = distanceToSegment(points[k]!, points[i]!, points[j]!);
        if (d > bestDistance) [best, bestDistance] = [k, d];
      }
    }
    if (best < 0) break;
    kept.add(best);
  }
  return [...kept].sort((a, b) => a - b).map((i) => points[i]!);
}
