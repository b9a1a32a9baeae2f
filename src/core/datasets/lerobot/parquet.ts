import { readFile } from 'node:fs/promises';
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DatasetImportError, describeError } from './errors';

export type ColumnValues = ArrayLike<unknown>;

export interface ParquetColumns {
  file: string;
  numRows: number;
  /** Top-level column names the file has, whether read or not. */
  available: Set<string>;
  /** Only the requested columns that exist. */
  columns: Map<string, ColumnValues>;
}

async function loadBuffer(file: string): Promise<ArrayBuffer> {
  try {
    const bytes = await readFile(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file is missing' : `cannot read file (${describeError(err)})`;
    throw new DatasetImportError(file, '$', reason, { cause: err });
  }
}

function readMetadata(file: string, buffer: ArrayBuffer): FileMetaData {
  try {
    return parquetMetadata(buffer);
  } catch (err) {
    throw new DatasetImportError(file, 'footer', `not a readable parquet file (${describeError(err)})`, {
      cause: err,
    });
  }
}

/**
 * Reads the wanted top-level columns of a parquet file, skipping the ones it lacks (the caller
 * decides which absences matter). Columns are decoded one at a time so that a corrupt page is
 * reported against the column it belongs to. The whole file is read into memory: LeRobot caps data
 * files at about 100 MB and reading once beats many small reads of a footer-first format.
 */
export async function readParquetColumns(file: string, wanted: readonly string[]): Promise<ParquetColumns> {
  const buffer = await loadBuffer(file);
  const metadata = readMetadata(file, buffer);
  const numRows = Number(metadata.num_rows);
  const available = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
  const columns = new Map<string, ColumnValues>();
  for (const name of wanted) {
    if (!available.has(name) || columns.has(name)) continue;
    columns.set(name, await readOneColumn(file, buffer, metadata, name, numRows));
  }
  return { file, numRows, available, columns };
}

async function readOneColumn(
  file: string,
  buffer: ArrayBuffer,
  metadata: FileMetaData,
  name: string,
  numRows: number,
): Promise<ColumnValues> {
  const chunks: { rowStart: number; data: ColumnValues }[] = [];
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: [name],
      compressors,
      onChunk: (chunk) => {
        if (chunk.columnName === name) chunks.push({ rowStart: chunk.rowStart, data: chunk.columnData });
      },
    });
  } catch (err) {
    throw new DatasetImportError(file, name, `cannot decode column (${describeError(err)})`, { cause: err });
  }
  if (chunks.length === 1 && chunks[0]?.data.length === numRows) return chunks[0].data;
  const out = new Array<unknown>(numRows);
  let filled = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.data.length; i++) out[chunk.rowStart + i] = chunk.data[i];
    filled += chunk.data.length;
  }
  if (filled !== numRows) {
    throw new DatasetImportError(file, name, `column has ${filled} values for ${numRows} rows`);
  }
  return out;
}

/** A numeric scalar column as numbers; bigint, boolean and null (NaN) are accepted. */
export function numericColumn(col: ColumnValues, file: string, field: string): Float64Array {
  if (col instanceof Float64Array) return col;
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'bigint') out[i] = Number(v);
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else if (v === null || v === undefined) out[i] = Number.NaN;
    else throw new DatasetImportError(file, field, `row ${i}: expected a number, got ${typeof v}`);
  }
  return out;
}

/** Width of a vector column: list length of the first non-null row, 1 for a scalar column. */
export function vectorWidth(col: ColumnValues): number {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined) continue;
    return isListLike(v) ? v.length : 1;
  }
  return 0;
}

export function isListLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
