/** A suggested trajectory: the state's end-effector path projected into the camera, kept inside the image. */
import { simplifyTrajectory, trajectoryFromStates, type TrajectoryPoint } from '../../shared/geometry';

export interface SuggestOptions {
  matrix: readonly number[];
  image: { width: number; height: number };
  fromFrame: number;
  maxPoints: number;
}

export interface Suggestion {
  points: TrajectoryPoint[];
  path: TrajectoryPoint[];
  clipped: number;
}

/** Frames projecting outside the image (or behind the camera) are left out: a trajectory vertex must lie on the image. */
export function suggestTrajectory(positions: readonly (readonly number[])[], options: SuggestOptions): Suggestion {
  const { width, height } = options.image;
  const projected = trajectoryFromStates(positions, options.matrix, options.fromFrame);
  const path = projected.filter((p) => p.x >= 0 && p.x <= width && p.y >= 0 && p.y <= height);
  const span = Math.max(positions.length - options.fromFrame, 0);
  return { points: simplifyTrajectory(path, options.maxPoints), path, clipped: span - path.length };
}
