/**
 * Whether a stream says which YUV→RGB matrix it uses. Untagged video is common (LeRobot writes it
 * through PyAV without tags) and its reading differs: Chromium assumes BT.709, ffmpeg BT.601. The
 * training pipeline decodes with ffmpeg, so for untagged streams the player asks for BT.601 too,
 * and shows the pixels a policy is trained on. Tagged streams keep their own colour description.
 */

import { obus, OBU_SEQUENCE_HEADER, parseSequenceHeader } from './av1';
import { BitReader } from './bits';

export interface ColourSignal {
  /** The bitstream carries primaries/transfer/matrix. */
  described: boolean;
  fullRange: boolean;
}

/** Removes H.264 emulation-prevention bytes (00 00 03 → 00 00). */
function rbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i]!);
  }
  return Uint8Array.from(out);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Reads the video signal type of an H.264 SPS NAL unit (header byte included). */
export function h264SpsColour(sps: Uint8Array): ColourSignal {
  const r = new BitReader(rbsp(sps.subarray(1)));
  const profile = r.u(8);
  r.u(16); // constraint flags, level
  r.ue(); // seq_parameter_set_id
  if (HIGH_PROFILES.has(profile)) {
    const chroma = r.ue();
    if (chroma === 3) r.u(1);
    r.ue();
    r.ue();
    r.u(1);
    if (r.u(1)) {
      for (let i = 0; i < (chroma !== 3 ? 8 : 12); i++) {
        if (!r.u(1)) continue;
        let last = 8;
        let next = 8;
        for (let j = 0; j < (i < 6 ? 16 : 64) && next !== 0; j++) {
          next = (last + r.se() + 256) % 256;
          last = next === 0 ? last : next;
        }
      }
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.u(1);
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue();
  r.u(1);
  r.ue();
  r.ue();
  if (!r.u(1)) r.u(1); // frame_mbs_only_flag, mb_adaptive_frame_field_flag
  r.u(1);
  if (r.u(1)) for (let i = 0; i < 4; i++) r.ue(); // frame cropping
  if (!r.u(1)) return { described: false, fullRange: false }; // no VUI
  if (r.u(1) && r.u(8) === 255) r.u(32); // aspect ratio
  if (r.u(1)) r.u(1); // overscan
  if (!r.u(1)) return { described: false, fullRange: false }; // no video signal type
  r.u(3);
  const fullRange = r.u(1) === 1;
  return { described: r.u(1) === 1, fullRange };
}

/** The SPS of an avcC record. */
export function spsOfAvcC(avcC: Uint8Array): Uint8Array | null {
  if (avcC.length < 8 || (avcC[5]! & 0x1f) === 0) return null;
  const length = (avcC[6]! << 8) | avcC[7]!;
  return avcC.subarray(8, 8 + length);
}

/** Finds the sequence header OBU in a temporal unit (or av1C configOBUs) and reads its colour. */
export function av1Colour(data: Uint8Array): ColourSignal | null {
  for (const obu of obus(data)) {
    if (obu.type !== OBU_SEQUENCE_HEADER) continue;
    const seq = parseSequenceHeader(obu.payload);
    return { described: seq.colourDescribed, fullRange: seq.fullRange };
  }
  return null;
}
