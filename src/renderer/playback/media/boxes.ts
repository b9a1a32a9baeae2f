/**
 * Finds the top-level boxes of an mp4 by reading only their headers, so that the sample tables
 * (`moov`) can be fetched without downloading `mdat`, which ffmpeg writes before `moov` by default
 * and which holds every episode of a LeRobot v3.0 file.
 */
import { PlaybackError } from '../errors';

export interface BoxLocation {
  type: string;
  offset: number;
  size: number;
}

export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Parses one box header at `offset`, given at least 16 bytes from there (fewer at the end of file). */
export function parseBoxHeader(header: Uint8Array, offset: number, fileSize: number): BoxLocation {
  if (header.length < 8) throw new PlaybackError({ kind: 'demux', message: `truncated box header at byte ${offset}` });
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  let size = view.getUint32(0);
  const type = fourcc(header, 4);
  if (size === 1) {
    if (header.length < 16) throw new PlaybackError({ kind: 'demux', message: `truncated large box header at byte ${offset}` });
    size = Number(view.getBigUint64(8));
  } else if (size === 0) {
    size = fileSize - offset;
  }
  if (size < 8) throw new PlaybackError({ kind: 'demux', message: `invalid box size ${size} for '${type}' at byte ${offset}` });
  return { type, offset, size };
}

/** Walks the top-level boxes until `moov` is found (or the file ends). */
export async function findTopLevelBoxes(file: RandomAccess, wanted: readonly string[] = ['ftyp', 'moov']): Promise<BoxLocation[]> {
  const found: BoxLocation[] = [];
  let offset = 0;
  while (offset + 8 <= file.size) {
    const header = await file.read(offset, Math.min(16, file.size - offset));
    const box = parseBoxHeader(header, offset, file.size);
    if (wanted.includes(box.type)) found.push(box);
    if (box.type === 'moov') break;
    offset += box.size;
  }
  return found;
}
