/** Datasets and the media files their frames live in. */
import type { Db } from '../connection';
import { fromJson, rowId, toFlag, toJson } from '../codec';

export interface NewDataset {
  name: string;
  sourceFormat: string;
  sourceVersion?: string;
  sourcePath: string;
  fps: number;
  importOptions?: Record<string, unknown>;
  /** True when the importer copied the videos into the project's media folder. */
  copyMedia?: boolean;
  warnings?: string[];
  metadata?: Record<string, unknown>;
  importedAt?: number;
}

export interface Dataset {
  id: number;
  name: string;
  sourceFormat: string;
  sourceVersion: string;
  sourcePath: string;
  fps: number;
  importOptions: Record<string, unknown>;
  copyMedia: boolean;
  warnings: string[];
  metadata: Record<string, unknown>;
  importedAt: number;
}

export interface DatasetTotals {
  episodeCount: number;
  frameCount: number;
  cameraNames: string[];
}

export type MediaKind = 'video' | 'image' | 'packed';

export interface NewMediaFile {
  datasetId: number;
  path: string;
  /** The path is relative to the project folder (a copy the project owns). */
  inProject?: boolean;
  kind: MediaKind;
  codec?: string | null;
  pixFmt?: string | null;
  sizeBytes?: number | null;
  mtimeMs?: number | null;
}

export interface MediaFile extends Required<NewMediaFile> {
  id: number;
}

interface DatasetRaw {
  id: number;
  name: string;
  sourceFormat: string;
  sourceVersion: string;
  sourcePath: string;
  fps: number;
  importOptions: string;
  copyMedia: number;
  warnings: string;
  metadata: string;
  importedAt: number;
}

interface MediaRaw extends Omit<MediaFile, 'inProject'> {
  inProject: number;
}

const DATASET_COLUMNS = `id, name, source_format AS sourceFormat, source_version AS sourceVersion,
  source_path AS sourcePath, fps, import_options AS importOptions, copy_media AS copyMedia, warnings,
  metadata, imported_at AS importedAt`;

const MEDIA_COLUMNS = `id, dataset_id AS datasetId, path, in_project AS inProject, kind, codec,
  pix_fmt AS pixFmt, size_bytes AS sizeBytes, mtime_ms AS mtimeMs`;

const toDataset = (r: DatasetRaw): Dataset => ({
  ...r,
  importOptions: fromJson(r.importOptions),
  copyMedia: r.copyMedia === 1,
  warnings: fromJson(r.warnings),
  metadata: fromJson(r.metadata),
});

const toMedia = (r: MediaRaw): MediaFile => ({ ...r, inProject: r.inProject === 1 });

export function createDatasetsRepository(db: Db) {
  const insertStmt = db.prepare(`INSERT INTO datasets (name, source_format, source_version, source_path, fps,
      import_options, copy_media, warnings, metadata, imported_at)
    VALUES (@name, @sourceFormat, @sourceVersion, @sourcePath, @fps, @importOptions, @copyMedia, @warnings,
      @metadata, @importedAt)`);
  const getStmt = db.prepare<[number], DatasetRaw>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE id = ?`);
  const byNameStmt = db.prepare<[string], DatasetRaw>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE name = ?`);
  const listStmt = db.prepare<[], DatasetRaw>(`SELECT ${DATASET_COLUMNS} FROM datasets ORDER BY id`);
  const nameTakenStmt = db.prepare<[string], number>('SELECT 1 FROM datasets WHERE name = ?').pluck();
  const renameStmt = db.prepare<[string, number]>('UPDATE datasets SET name = ? WHERE id = ?');
  const warningsStmt = db.prepare<[string, number]>('UPDATE datasets SET warnings = ? WHERE id = ?');
  const deleteStmt = db.prepare<[number]>('DELETE FROM datasets WHERE id = ?');
  const totalsStmt = db.prepare<[number], { episodeCount: number; frameCount: number }>(
    'SELECT count(*) AS episodeCount, coalesce(sum(length), 0) AS frameCount FROM episodes WHERE dataset_id = ?',
  );
  const cameraNamesStmt = db.prepare<[number], string>(`SELECT DISTINCT c.name FROM episodes e
    JOIN cameras c ON c.episode_id = e.id WHERE e.dataset_id = ? ORDER BY c.name`).pluck();
  const countsStmt = db.prepare<[], { datasets: number; episodes: number }>(
    'SELECT (SELECT count(*) FROM datasets) AS datasets, (SELECT count(*) FROM episodes) AS episodes',
  );

  const insertMediaStmt = db.prepare(`INSERT INTO media_files (dataset_id, path, in_project, kind, codec, pix_fmt,
      size_bytes, mtime_ms)
    VALUES (@datasetId, @path, @inProject, @kind, @codec, @pixFmt, @sizeBytes, @mtimeMs)`);
  const getMediaStmt = db.prepare<[number], MediaRaw>(`SELECT ${MEDIA_COLUMNS} FROM media_files WHERE id = ?`);
  const listMediaStmt = db.prepare<[number], MediaRaw>(
    `SELECT ${MEDIA_COLUMNS} FROM media_files WHERE dataset_id = ? ORDER BY id`,
  );
  const relinkMediaStmt = db.prepare<[string, number, number]>(
    'UPDATE media_files SET path = ?, in_project = ? WHERE id = ?',
  );
  const replaceMediaStmt = db.prepare<[string, number, string, string | null, number | null, number | null, number]>(
    'UPDATE media_files SET path = ?, in_project = ?, codec = ?, pix_fmt = ?, size_bytes = ?, mtime_ms = ? WHERE id = ?',
  );

  return {
    insert(input: NewDataset): number {
      const result = insertStmt.run({
        name: input.name,
        sourceFormat: input.sourceFormat,
        sourceVersion: input.sourceVersion ?? '',
        sourcePath: input.sourcePath,
        fps: input.fps,
        importOptions: toJson(input.importOptions ?? {}),
        copyMedia: toFlag(input.copyMedia ?? false),
        warnings: toJson(input.warnings ?? []),
        metadata: toJson(input.metadata ?? {}),
        importedAt: input.importedAt ?? Date.now(),
      });
      return rowId(result.lastInsertRowid);
    },
    get(id: number): Dataset | undefined {
      const row = getStmt.get(id);
      return row && toDataset(row);
    },
    getByName(name: string): Dataset | undefined {
      const row = byNameStmt.get(name);
      return row && toDataset(row);
    },
    /** Oldest first. */
    list(): Dataset[] {
      return listStmt.all().map(toDataset);
    },
    totals(id: number): DatasetTotals {
      const { episodeCount, frameCount } = totalsStmt.get(id) ?? { episodeCount: 0, frameCount: 0 };
      return { episodeCount, frameCount, cameraNames: cameraNamesStmt.all(id) };
    },
    /** Dataset and episode counts of the whole project. */
    counts(): { datasets: number; episodes: number } {
      return countsStmt.get() ?? { datasets: 0, episodes: 0 };
    },
    /** `base`, or `base (2)`, `base (3)` … whichever is free: names are unique so the CLI can use them. */
    uniqueName(base: string): string {
      if (!nameTakenStmt.get(base)) return base;
      for (let n = 2; ; n++) {
        const candidate = `${base} (${n})`;
        if (!nameTakenStmt.get(candidate)) return candidate;
      }
    },
    rename(id: number, name: string): boolean {
      return renameStmt.run(name, id).changes > 0;
    },
    setWarnings(id: number, warnings: string[]): boolean {
      return warningsStmt.run(toJson(warnings), id).changes > 0;
    },
    /** Removes the dataset with its episodes, frames, signals, annotations and media rows. */
    delete(id: number): boolean {
      return deleteStmt.run(id).changes > 0;
    },

    insertMediaFile(input: NewMediaFile): number {
      const result = insertMediaStmt.run({
        datasetId: input.datasetId,
        path: input.path,
        inProject: toFlag(input.inProject ?? false),
        kind: input.kind,
        codec: input.codec ?? null,
        pixFmt: input.pixFmt ?? null,
        sizeBytes: input.sizeBytes ?? null,
        mtimeMs: input.mtimeMs ?? null,
      });
      return rowId(result.lastInsertRowid);
    },
    getMediaFile(id: number): MediaFile | undefined {
      const row = getMediaStmt.get(id);
      return row && toMedia(row);
    },
    listMediaFiles(datasetId: number): MediaFile[] {
      return listMediaStmt.all(datasetId).map(toMedia);
    },
    /** Points a media row at a new place: a moved source, or a copy made into the project. */
    relinkMediaFile(id: number, path: string, inProject: boolean): boolean {
      return relinkMediaStmt.run(path, toFlag(inProject), id).changes > 0;
    },
    /** Points a media row at a re-encoded copy (a transcode into the project's cache). */
    replaceMediaFile(id: number, file: Pick<MediaFile, 'path' | 'inProject' | 'codec' | 'pixFmt' | 'sizeBytes' | 'mtimeMs'>): boolean {
      return replaceMediaStmt.run(file.path, toFlag(file.inProject), file.codec ?? '', file.pixFmt, file.sizeBytes, file.mtimeMs, id).changes > 0;
    },
  };
}

export type DatasetsRepository = ReturnType<typeof createDatasetsRepository>;
