/**
 * What cameras.calibration holds, read as a projection matrix. Two shapes: the sim's
 * meta/calibration.json entry (intrinsics + extrinsics, from the dataset) and our DLT fit, which keeps
 * the calibration it replaced so a refit never loses the dataset's own.
 */
import { z } from 'zod';
import { CalibrationFit, ProjectionMatrix, type CalibrationSource } from '../../shared/contract/projection';
import { projectionMatrix } from '../../shared/geometry/projection';

const DatasetCalibration = z.object({
  intrinsics: z.object({ fx: z.number(), fy: z.number(), cx: z.number(), cy: z.number() }),
  extrinsics: z.object({ rotation: z.array(z.number()).length(9), translation: z.array(z.number()).length(3) }),
});

const FittedCalibration = z.object({
  kind: z.literal('dlt'),
  matrix: ProjectionMatrix,
  fit: CalibrationFit,
  replaced: z.unknown().optional(),
});
type FittedCalibration = z.infer<typeof FittedCalibration>;

export interface ReadCalibration {
  source: CalibrationSource;
  matrix: number[] | null;
  fit: CalibrationFit | null;
}

export function readStored(value: unknown): ReadCalibration {
  const fitted = FittedCalibration.safeParse(value);
  if (fitted.success) return { source: 'fitted', matrix: fitted.data.matrix, fit: fitted.data.fit };
  const dataset = DatasetCalibration.safeParse(value);
  if (dataset.success) return { source: 'dataset', matrix: projectionMatrix(dataset.data), fit: null };
  return { source: 'none', matrix: null, fit: null };
}

/** The value to store for a new fit over `current`, keeping the dataset's calibration it replaces. */
export function storedFit(fit: CalibrationFit, current: unknown): FittedCalibration {
  const previous = FittedCalibration.safeParse(current);
  const replaced = previous.success ? previous.data.replaced : current;
  return { kind: 'dlt', matrix: fit.matrix, fit, ...(replaced === null || replaced === undefined ? {} : { replaced }) };
}
