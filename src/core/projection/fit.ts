/** The DLT fit of a camera from clicks of the gripper's tip, with the state giving the 3-D positions. */
import { ApiError } from '../../shared/contract/errors';
import type { CalibrationClick, FittedClick, PositionDims } from '../../shared/contract/projection';
import { DltError, fitDlt, projector } from '../../shared/geometry';
import type { StateRows } from './state';

export interface CameraFit {
  matrix: number[];
  clicks: FittedClick[];
  mean: number;
  max: number;
}

/** `stateOf` gives the state of the episode a click was made on (each click names it, or the default one). */
export function fitCamera(stateOf: (click: CalibrationClick, index: number) => StateRows, dims: PositionDims, clicks: readonly CalibrationClick[]): CameraFit {
  const pairs = clicks.map((click, i) => {
    const state = stateOf(click, i);
    if (click.frame >= state.length) {
      throw new ApiError('bad_request', `clicks[${i}].frame: frame ${click.frame} is past the state's last frame ${state.length - 1}`);
    }
    return { world: state.position(click.frame, dims), image: { x: click.x, y: click.y } };
  });
  let fit;
  try {
    fit = fitDlt(pairs);
  } catch (error) {
    if (error instanceof DltError) throw new ApiError('bad_request', `clicks: ${error.message}`, { reason: error.code });
    throw error;
  }
  const project = projector(fit.P);
  return {
    matrix: fit.P,
    clicks: clicks.map((click, i) => {
      const q = project(pairs[i]!.world);
      return { ...click, error: fit.perPoint[i]!, reprojected: { x: q.x, y: q.y } };
    }),
    mean: fit.mean,
    max: fit.max,
  };
}
