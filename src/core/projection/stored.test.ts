import { describe, expect, it } from 'vitest';
import type { CalibrationFit } from '../../shared/contract/projection';
import { projectionMatrix } from '../../shared/geometry';
import { readStored, storedFit } from './stored';

const sim = {
  name: 'front',
  video_key: 'observation.images.front',
  intrinsics: { fx: 300, fy: 300, cx: 160, cy: 120, width: 320, height: 240 },
  extrinsics: { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: [0, 0, 2] },
};
const fit = (k: number): CalibrationFit => ({
  matrix: Array.from({ length: 12 }, (_, i) => i + k),
  clicks: [],
  mean: 0.5,
  max: 1,
  positionDims: [0, 1, 2],
  episodeId: 1,
  fittedAt: 1,
});

describe('stored calibrations', () => {
  it("reads the dataset's calibration as P = K [R | t]", () => {
    expect(readStored(sim)).toEqual({ source: 'dataset', matrix: projectionMatrix(sim), fit: null });
  });

  it('reads nothing usable as no calibration', () => {
    for (const value of [null, undefined, {}, { intrinsics: { fx: 1 } }, { kind: 'dlt', matrix: [1, 2] }]) {
      expect(readStored(value)).toEqual({ source: 'none', matrix: null, fit: null });
    }
  });

  it("keeps the dataset's calibration under every refit, so it is never lost", () => {
    const first = storedFit(fit(0), sim);
    expect(readStored(first)).toMatchObject({ source: 'fitted', matrix: fit(0).matrix });
    const second = storedFit(fit(1), JSON.parse(JSON.stringify(first)));
    expect(second).toMatchObject({ kind: 'dlt', matrix: fit(1).matrix, replaced: sim });
    expect(storedFit(fit(2), null)).not.toHaveProperty('replaced');
  });
});
