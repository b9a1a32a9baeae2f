/** The episode's state signal as rows, with the end-effector position picked out. */
import type { PositionDims } from '../../shared/contract/projection';
import type { Vec3 } from '../../shared/geometry';
import type { Signal } from '../db/repositories/signals';

export interface StateRows {
  length: number;
  dimNames: string[];
  position(frame: number, dims: PositionDims): Vec3;
  /** Every frame's position, as trajectoryFromStates takes rows. */
  positions(dims: PositionDims): Vec3[];
}

export function stateRows(signal: Signal): StateRows {
  const width = signal.dimNames.length;
  const position = (frame: number, [x, y, z]: PositionDims): Vec3 => {
    const row = frame * width;
    return [signal.values[row + x]!, signal.values[row + y]!, signal.values[row + z]!];
  };
  return {
    length: signal.frameCount,
    dimNames: signal.dimNames,
    position,
    positions: (dims) => Array.from({ length: signal.frameCount }, (_, f) => position(f, dims)),
  };
}
