/**
 * What a track's codec headers tell the player: how to read its colour, and which samples no
 * other sample references (so a seek may skip them). Anything unreadable falls back to the safe
 * answer: the browser's colour defaults, and decoding every sample.
 */
import { isDisposableAv1, obus, OBU_SEQUENCE_HEADER, parseSequenceHeader } from '../media/av1';
import type { HttpByteSource } from '../media/byteSource';
import { h264SpsColour, spsOfAvcC, type ColourSignal } from '../media/colorInfo';
import type { DemuxedTrack } from '../media/demuxer';
import { isDisposableH264, nalLengthSize } from '../media/disposable';

export interface StreamFacts {
  colour: ColourSignal | null;
  isDisposable?: (d: number) => boolean;
}

/** Answers "is sample d disposable?" from bytes already fetched; unknown counts as needed. */
function memoised(track: DemuxedTrack, bytes: Pick<HttpByteSource, 'readSync'>, test: (data: Uint8Array) => boolean): (d: number) => boolean {
  const known = new Int8Array(track.samples.length).fill(-1);
  return (d) => {
    if (known[d] === -1) {
      const sample = track.samples[d]!;
      const data = bytes.readSync(sample.offset, sample.size);
      if (!data) return false;
      try {
        known[d] = test(data) ? 1 : 0;
      } catch {
        known[d] = 0;
      }
    }
    return known[d] === 1;
  };
}

export async function streamFacts(track: DemuxedTrack, bytes: Pick<HttpByteSource, 'read' | 'readSync'>): Promise<StreamFacts> {
  try {
    if (track.codec.startsWith('avc') && track.description) {
      const sps = spsOfAvcC(track.description);
      const lengthSize = nalLengthSize(track.description);
      return { colour: sps ? h264SpsColour(sps) : null, isDisposable: memoised(track, bytes, (data) => isDisposableH264(data, lengthSize)) };
    }
    if (track.codec.startsWith('av01')) {
      const key = track.samples.find((s) => s.isSync) ?? track.samples[0]!;
      const header = [...obus(await bytes.read(key.offset, key.size))].find((o) => o.type === OBU_SEQUENCE_HEADER);
      if (!header) return { colour: null };
      const seq = parseSequenceHeader(header.payload);
      return {
        colour: { described: seq.colourDescribed, fullRange: seq.fullRange },
        isDisposable: memoised(track, bytes, (data) => isDisposableAv1(data, seq)),
      };
    }
  } catch {
    // Headers we cannot read: the browser's colour defaults, every sample decoded.
  }
  return { colour: null };
}

/** Untagged video is read as BT.601 like ffmpeg does (see colorInfo.ts); tagged video as tagged. */
export function colourFor(signal: ColourSignal | null): VideoColorSpaceInit | undefined {
  if (!signal || signal.described) return undefined;
  return { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: signal.fullRange };
}
