/**
 * Reads the video track's sample table with mp4box from `ftyp` + `moov` alone: sample offsets in
 * `stco` are absolute, so the samples themselves are fetched later, only those a decode needs.
 * Fragmented files keep their tables in `moof`s spread over the file; those are read whole.
 */
import { createFile, DataStream, Endianness, MP4BoxBuffer, type ISOFile, type Movie, type Sample } from 'mp4box';
import { PlaybackError } from '../errors';
import { findTopLevelBoxes, type RandomAccess } from './boxes';
import type { SampleInfo, TrackTiming } from './frameIndex';

export interface DemuxedTrack {
  /** WebCodecs codec string, e.g. "avc1.64001e", "av01.0.04M.08". */
  codec: string;
  /** Decoder configuration record (avcC/hvcC) for codecs whose bitstream does not carry it in-band. */
  description?: Uint8Array;
  codedWidth: number;
  codedHeight: number;
  timing: TrackTiming;
  /** In decode order. */
  samples: SampleInfo[];
}

// Some muxers omit ftyp; mp4box cannot describe a file without one.
const FALLBACK_FTYP = new Uint8Array([0, 0, 0, 16, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);

function toBuffer(bytes: Uint8Array, fileStart: number): MP4BoxBuffer {
  const copy = bytes.slice().buffer;
  return MP4BoxBuffer.fromArrayBuffer(copy, fileStart);
}

function parse(chunks: Uint8Array[]): { file: ISOFile; info: Movie } {
  const file = createFile();
  let info: Movie | null = null;
  let failure: string | null = null;
  file.onReady = (movie) => (info = movie);
  file.onError = (module, message) => (failure = `${module}: ${message}`);
  let at = 0;
  for (const chunk of chunks) {
    file.appendBuffer(toBuffer(chunk, at));
    at += chunk.length;
  }
  file.flush();
  if (!info) throw new PlaybackError({ kind: 'demux', message: failure ?? 'not an mp4 file (no movie box)' });
  return { file, info };
}

function configRecord(file: ISOFile, trackId: number): Uint8Array | undefined {
  const entry = file.getTrackById(trackId).mdia.minf.stbl.stsd.entries[0] as unknown as Record<string, unknown>;
  // AV1 and VP9 carry their configuration in the bitstream; only AVC/HEVC need it out of band.
  const box = (entry.avcC ?? entry.hvcC) as { write(stream: DataStream): void } | undefined;
  if (!box) return undefined;
  const stream = new DataStream(undefined, 0, Endianness.BIG_ENDIAN);
  box.write(stream);
  return new Uint8Array(stream.buffer as ArrayBuffer, 8); // without the box header
}

function timingOf(info: Movie, trackId: number): TrackTiming {
  const track = info.tracks.find((t) => t.id === trackId)!;
  let emptyEditSeconds = 0;
  let mediaTime = 0;
  for (const edit of track.edits ?? []) {
    if (edit.media_time === -1) {
      emptyEditSeconds += edit.segment_duration / info.timescale;
      continue;
    }
    mediaTime = edit.media_time;
    break;
  }
  return { timescale: track.timescale, mediaTime, emptyEditSeconds };
}

function sampleInfo(samples: readonly Sample[]): SampleInfo[] {
  return samples.map((s) => ({ cts: s.cts, isSync: s.is_sync, offset: s.offset, size: s.size }));
}

export async function demuxVideoTrack(source: RandomAccess): Promise<DemuxedTrack> {
  const boxes = await findTopLevelBoxes(source);
  const moov = boxes.find((b) => b.type === 'moov');
  if (!moov) throw new PlaybackError({ kind: 'demux', message: 'no movie box (moov) in the file' });
  const ftypBox = boxes.find((b) => b.type === 'ftyp');
  const ftyp = ftypBox ? await source.read(ftypBox.offset, ftypBox.size) : FALLBACK_FTYP;
  let { file, info } = parse([ftyp, await source.read(moov.offset, moov.size)]);
  if (info.isFragmented) ({ file, info } = parse([await source.read(0, source.size)]));

  const track = info.videoTracks[0];
  if (!track) throw new PlaybackError({ kind: 'demux', message: 'the file has no video track' });
  const samples = file.getTrackById(track.id).samples ?? [];
  if (samples.length === 0) throw new PlaybackError({ kind: 'demux', message: 'the video track has no samples' });
  return {
    codec: track.codec,
    description: configRecord(file, track.id),
    codedWidth: track.video?.width ?? track.track_width,
    codedHeight: track.video?.height ?? track.track_height,
    timing: timingOf(info, track.id),
    samples: sampleInfo(samples),
  };
}
