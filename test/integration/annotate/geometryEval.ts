/**
 * Measures the projection and the DLT against the sample data's ground truth. Shared by the
 * integration test (which asserts the bounds) and bench/annotate/geometry.ts (which prints them).
 */
import { fitDlt, reprojectionError, spreadFrames, type Correspondence } from '../../../src/shared/geometry/dlt';
import type { Vec3 } from '../../../src/shared/geometry/linalg';
import { gaussian, seededRandom } from '../../../src/shared/geometry/testing';
import { trajectoryFromStates } from '../../../src/shared/geometry/trajectory';
import { CAMERAS, readCalibration, readEpisode, episodeCount, type Camera, type SampleEpisode } from './sampleData';

export interface ErrorStats {
  count: number;
  mean: number;
  max: number;
}

const stats = (errors: number[]): ErrorStats => ({
  count: errors.length,
  mean: errors.reduce((a, b) => a + b, 0) / Math.max(errors.length, 1),
  max: errors.reduce((a, b) => Math.max(a, b), 0),
});

export async function readAllEpisodes(dir: string): Promise<SampleEpisode[]> {
  return Promise.all(Array.from({ length: episodeCount(dir) }, (_, i) => readEpisode(dir, i)));
}

/** The state's projected gripper against `<cam>.gripper`, and the projected future path against `<cam>.trace`. */
export function projectionErrors(dir: string, episodes: SampleEpisode[], camera: Camera): { gripper: ErrorStats; trace: ErrorStats } {
  const calibration = readCalibration(dir)[camera];
  const gripper: number[] = [];
  const trace: number[] = [];
  for (const ep of episodes) {
    trajectoryFromStates(ep.states, calibration).forEach((p) => {
      const [x, y] = ep.gripper[camera][p.frame]!;
      gripper.push(Math.hypot(p.x - x, p.y - y));
    });
    for (let frame = 0; frame < ep.length; frame++) {
      const truth = ep.trace[camera][frame]!;
      trajectoryFromStates(ep.states, calibration, frame).forEach((p, k) => trace.push(Math.hypot(p.x - truth[2 * k]!, p.y - truth[2 * k + 1]!)));
    }
  }
  return { gripper: stats(gripper), trace: stats(trace) };
}

export interface DltScore {
  /** Reprojection error on the clicked (noisy) points. */
  clicked: ErrorStats;
  /** Error against the ground truth on every other frame of every episode. */
  others: ErrorStats;
}

/**
 * Fits a DLT from `clicks` frames spread over the camera's episodes (the frames the studio would ask the
 * user to click), with Gaussian click noise of `noisePx`, and scores it on all other frames.
 */
export function dltErrors(episodes: SampleEpisode[], camera: Camera, clicks = 8, noisePx = 1, seed = 1): DltScore {
  const all: Correspondence[] = episodes.flatMap((ep) =>
    ep.states.map((s, f) => ({ world: [s[0]!, s[1]!, s[2]!] as Vec3, image: { x: ep.gripper[camera][f]![0], y: ep.gripper[camera][f]![1] } })),
  );
  const chosen = spreadFrames(all.map((c) => c.world), clicks);
  const random = seededRandom(seed);
  const noisy = chosen.map((i) => ({ world: all[i]!.world, image: { x: all[i]!.image.x + noisePx * gaussian(random), y: all[i]!.image.y + noisePx * gaussian(random) } }));
  const fit = fitDlt(noisy);
  const others = all.filter((_, i) => !chosen.includes(i));
  return { clicked: stats(fit.perPoint), others: stats(reprojectionError(fit.P, others).perPoint) };
}

export { CAMERAS };
