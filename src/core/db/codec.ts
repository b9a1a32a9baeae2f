/** Conversions between TS values and what the columns store. Only repositories use these. */
import { endianness } from 'node:os';

// SQLite stores the bytes as given; the column contract is little-endian float32, which is what
// every platform Node ships on writes natively. Refuse loudly rather than store swapped bytes.
if (endianness() !== 'LE') throw new Error('ST4VLA Studio needs a little-endian machine for its signal storage');

export function float32ToBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Copies, because a Buffer from SQLite may sit at an offset that is not a multiple of 4. */
export function blobToFloat32(blob: Buffer | Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) throw new Error(`float32 blob of ${blob.byteLength} bytes is not a multiple of 4`);
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function toJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error('value cannot be stored as JSON');
  return text;
}

export function fromJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonOrNull<T = unknown>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export const toFlag = (value: boolean): 0 | 1 => (value ? 1 : 0);

export const toFlagOrNull = (value: boolean | null | undefined): 0 | 1 | null =>
  value === null || value === undefined ? null : toFlag(value);

export const fromFlagOrNull = (value: number | null): boolean | null => (value === null ? null : value === 1);

/** better-sqlite3 returns a bigint only past 2^53; row ids never get there. */
export const rowId = (value: number | bigint): number => Number(value);
