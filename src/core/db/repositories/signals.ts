/** Per-episode signals (state, action): one float32 BLOB each, row-major frames x dims. */
import type { Db } from '../connection';
import { blobToFloat32, float32ToBlob, fromJson, rowId, toJson } from '../codec';

export interface NewSignal {
  episodeId: number;
  name: string;
  dimNames: string[];
  /** Row-major: values[frame * dimNames.length + dim]. Its length fixes the frame count. */
  values: Float32Array;
}

export interface SignalInfo {
  name: string;
  frameCount: number;
  dimNames: string[];
}

export interface Signal extends SignalInfo {
  episodeId: number;
  values: Float32Array;
}

type InfoRaw = Omit<SignalInfo, 'dimNames'> & { dimNames: string };
type SignalRaw = InfoRaw & { episodeId: number; data: Buffer };

const toSignal = (r: SignalRaw): Signal => ({
  episodeId: r.episodeId,
  name: r.name,
  frameCount: r.frameCount,
  dimNames: fromJson(r.dimNames),
  values: blobToFloat32(r.data),
});

export function createSignalsRepository(db: Db) {
  const upsertStmt = db.prepare<[number, string, number, string, Buffer]>(`INSERT INTO signals (episode_id, name,
      frame_count, dim_names, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (episode_id, name) DO UPDATE SET frame_count = excluded.frame_count, dim_names = excluded.dim_names,
      data = excluded.data`);
  const getStmt = db.prepare<[number, string], SignalRaw>(`SELECT episode_id AS episodeId, name,
      frame_count AS frameCount, dim_names AS dimNames, data
    FROM signals WHERE episode_id = ? AND name = ?`);
  const allStmt = db.prepare<[number], SignalRaw>(`SELECT episode_id AS episodeId, name, frame_count AS frameCount,
      dim_names AS dimNames, data
    FROM signals WHERE episode_id = ? ORDER BY name`);
  const infoStmt = db.prepare<[number], InfoRaw>(`SELECT name, frame_count AS frameCount, dim_names AS dimNames
    FROM signals WHERE episode_id = ? ORDER BY name`);

  return {
    /** Writes or replaces one signal. */
    put(signal: NewSignal): number {
      const dims = signal.dimNames.length;
      if (dims === 0 || signal.values.length % dims !== 0) {
        throw new Error(`signal ${signal.name}: ${signal.values.length} values do not split into rows of ${dims}`);
      }
      const frames = signal.values.length / dims;
      return rowId(
        upsertStmt.run(signal.episodeId, signal.name, frames, toJson(signal.dimNames), float32ToBlob(signal.values))
          .lastInsertRowid,
      );
    },
    get(episodeId: number, name: string): Signal | undefined {
      const row = getStmt.get(episodeId, name);
      return row && toSignal(row);
    },
    allOf(episodeId: number): Signal[] {
      return allStmt.all(episodeId).map(toSignal);
    },
    /** Names and dims without reading the data. */
    infoOf(episodeId: number): SignalInfo[] {
      return infoStmt.all(episodeId).map((r) => ({ ...r, dimNames: fromJson(r.dimNames) }));
    },
  };
}

export type SignalsRepository = ReturnType<typeof createSignalsRepository>;
