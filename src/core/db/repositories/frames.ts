/**
 * The frame index: for each camera of an episode, where every frame lives. Imports write thousands of
 * rows per episode, so inserts go through one prepared statement inside one transaction.
 */
import type { Db } from '../connection';

export interface FrameLocation {
  frameIndex: number;
  /** Seconds from the episode start. */
  timestamp: number;
  mediaFileId: number;
  /** Seconds into a video file. */
  pts?: number | null;
  /** Where the frame's bytes sit inside a packed file. */
  byteOffset?: number | null;
  byteLength?: number | null;
}

export interface Frame extends Required<FrameLocation> {
  cameraId: number;
}

const COLUMNS = `camera_id AS cameraId, frame_index AS frameIndex, timestamp, media_file_id AS mediaFileId, pts,
  byte_offset AS byteOffset, byte_length AS byteLength`;

export function createFramesRepository(db: Db) {
  const insertStmt = db.prepare<[number, number, number, number, number | null, number | null, number | null]>(
    `INSERT INTO frames (camera_id, frame_index, timestamp, media_file_id, pts, byte_offset, byte_length)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const rangeStmt = db.prepare<[number, number, number], Frame>(
    `SELECT ${COLUMNS} FROM frames WHERE camera_id = ? AND frame_index BETWEEN ? AND ? ORDER BY frame_index`,
  );
  const getStmt = db.prepare<[number, number], Frame>(`SELECT ${COLUMNS} FROM frames WHERE camera_id = ? AND frame_index = ?`);
  const countStmt = db.prepare<[number], number>('SELECT count(*) FROM frames WHERE camera_id = ?').pluck();

  const insertAll = db.transaction((cameraId: number, frames: Iterable<FrameLocation>): number => {
    let n = 0;
    for (const f of frames) {
      insertStmt.run(cameraId, f.frameIndex, f.timestamp, f.mediaFileId, f.pts ?? null, f.byteOffset ?? null, f.byteLength ?? null);
      n++;
    }
    return n;
  });

  return {
    /** All or nothing; joins the caller's transaction when there is one. Returns the rows written. */
    insertMany(cameraId: number, frames: Iterable<FrameLocation>): number {
      return insertAll(cameraId, frames);
    },
    /** Frames of one camera in order, optionally only [from, to]. */
    list(cameraId: number, range: { from?: number; to?: number } = {}): Frame[] {
      return rangeStmt.all(cameraId, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER);
    },
    get(cameraId: number, frameIndex: number): Frame | undefined {
      return getStmt.get(cameraId, frameIndex);
    },
    count(cameraId: number): number {
      return countStmt.get(cameraId) ?? 0;
    },
  };
}

export type FramesRepository = ReturnType<typeof createFramesRepository>;
