/**
 * Camera calibrations by dataset and camera name. A calibration describes the rig, not one recording,
 * so a fit is written to the camera of that name in every episode of the dataset (cameras.calibration).
 */
import type { Db } from '../connection';
import { fromJsonOrNull, toJson } from '../codec';

interface CameraCalibrationRaw {
  id: number;
  calibration: string | null;
}

export function createCalibrationRepository(db: Db) {
  const camerasStmt = db.prepare<[number, string], CameraCalibrationRaw>(`SELECT c.id, c.calibration
    FROM cameras c JOIN episodes e ON e.id = c.episode_id
    WHERE e.dataset_id = ? AND c.name = ? ORDER BY c.id`);
  const setStmt = db.prepare<[string | null, number]>('UPDATE cameras SET calibration = ? WHERE id = ?');

  return {
    /**
     * Replaces the calibration of camera `name` in every episode of the dataset. `next` gets each row's
     * current calibration, so a caller can keep what it replaces. Returns how many cameras changed.
     * Run it inside a transaction when it must be all or nothing with other writes.
     */
    setForDataset(datasetId: number, name: string, next: (current: unknown) => unknown): number {
      const rows = camerasStmt.all(datasetId, name);
      const write = db.transaction(() => {
        for (const row of rows) {
          const value = next(fromJsonOrNull(row.calibration));
          setStmt.run(value === null || value === undefined ? null : toJson(value), row.id);
        }
      });
      write();
      return rows.length;
    },
  };
}

export type CalibrationRepository = ReturnType<typeof createCalibrationRepository>;
