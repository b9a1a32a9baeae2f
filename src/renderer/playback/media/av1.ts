/**
 * Just enough of the AV1 bitstream: the sequence header (colour signal, and the fields a frame
 * header's layout depends on) and each frame header up to refresh_frame_flags, which says whether
 * any later frame can reference it.
 */
import { BitReader } from './bits';

export interface Av1OperatingPoint {
  idc: number;
  decoderModelPresent: boolean;
}

export interface Av1SequenceHeader {
  reduced: boolean;
  decoderModelInfoPresent: boolean;
  equalPictureInterval: boolean;
  bufferRemovalTimeLength: number;
  framePresentationTimeLength: number;
  operatingPoints: Av1OperatingPoint[];
  /** 0 when frame ids are absent. */
  frameIdLength: number;
  /** 0, 1, or 2 = chosen per frame. */
  forceScreenContentTools: number;
  forceIntegerMv: number;
  orderHintBits: number;
  colourDescribed: boolean;
  fullRange: boolean;
}

export interface Obu {
  type: number;
  temporalId: number;
  spatialId: number;
  payload: Uint8Array;
}

export const OBU_SEQUENCE_HEADER = 1;
const OBU_FRAME_HEADER = 3;
const OBU_FRAME = 6;

/** The OBUs of a temporal unit (low-overhead format, as mp4 stores it). */
export function* obus(data: Uint8Array): Generator<Obu> {
  let at = 0;
  while (at < data.length) {
    const header = data[at]!;
    const type = (header >> 3) & 0xf;
    const extension = (header >> 2) & 1;
    const hasSize = (header >> 1) & 1;
    const ext = extension ? data[at + 1]! : 0;
    at += 1 + extension;
    let size = data.length - at;
    if (hasSize) {
      size = 0;
      for (let i = 0; i < 8; i++) {
        const byte = data[at++]!;
        size += (byte & 0x7f) * 2 ** (7 * i);
        if (!(byte & 0x80)) break;
      }
    }
    yield { type, temporalId: ext >> 5, spatialId: (ext >> 3) & 3, payload: data.subarray(at, at + size) };
    at += size;
  }
}

export function parseSequenceHeader(payload: Uint8Array): Av1SequenceHeader {
  const r = new BitReader(payload);
  const profile = r.u(3);
  r.u(1);
  const reduced = r.u(1) === 1;
  const seq: Av1SequenceHeader = {
    reduced,
    decoderModelInfoPresent: false,
    equalPictureInterval: false,
    bufferRemovalTimeLength: 0,
    framePresentationTimeLength: 0,
    operatingPoints: [],
    frameIdLength: 0,
    forceScreenContentTools: 2,
    forceIntegerMv: 2,
    orderHintBits: 0,
    colourDescribed: false,
    fullRange: false,
  };
  let bufferDelayLength = 0;
  if (reduced) {
    r.u(5);
    seq.operatingPoints.push({ idc: 0, decoderModelPresent: false });
  } else {
    if (r.u(1)) {
      r.u(64); // num_units_in_display_tick, time_scale
      seq.equalPictureInterval = r.u(1) === 1;
      if (seq.equalPictureInterval) r.uvlc();
      seq.decoderModelInfoPresent = r.u(1) === 1;
      if (seq.decoderModelInfoPresent) {
        bufferDelayLength = r.u(5) + 1;
        r.u(32);
        seq.bufferRemovalTimeLength = r.u(5) + 1;
        seq.framePresentationTimeLength = r.u(5) + 1;
      }
    }
    const displayDelay = r.u(1);
    const count = r.u(5) + 1;
    for (let i = 0; i < count; i++) {
      const idc = r.u(12);
      if (r.u(5) > 7) r.u(1);
      const decoderModelPresent = seq.decoderModelInfoPresent && r.u(1) === 1;
      if (decoderModelPresent) r.u(2 * bufferDelayLength + 1);
      if (displayDelay && r.u(1)) r.u(4);
      seq.operatingPoints.push({ idc, decoderModelPresent });
    }
  }
  const widthBits = r.u(4) + 1;
  const heightBits = r.u(4) + 1;
  r.u(widthBits + heightBits);
  if (!reduced && r.u(1)) {
    const delta = r.u(4) + 2;
    seq.frameIdLength = r.u(3) + 1 + delta;
  }
  r.u(3);
  if (!reduced) {
    r.u(4);
    const orderHint = r.u(1);
    if (orderHint) r.u(2);
    seq.forceScreenContentTools = r.u(1) ? 2 : r.u(1);
    seq.forceIntegerMv = seq.forceScreenContentTools > 0 ? (r.u(1) ? 2 : r.u(1)) : 2;
    if (orderHint) seq.orderHintBits = r.u(3) + 1;
  }
  r.u(3); // superres, cdef, restoration
  const highBitdepth = r.u(1);
  if (profile === 2 && highBitdepth) r.u(1);
  const mono = profile === 1 ? 0 : r.u(1);
  let srgbIdentity = false;
  if (r.u(1)) {
    seq.colourDescribed = true;
    const [primaries, transfer, matrix] = [r.u(8), r.u(8), r.u(8)];
    srgbIdentity = primaries === 1 && transfer === 13 && matrix === 0;
  }
  seq.fullRange = mono || !srgbIdentity ? r.u(1) === 1 : true;
  return seq;
}

/** refresh_frame_flags of one frame header; 0xff where the header makes every slot new. */
export function refreshFlags(obu: Obu, seq: Av1SequenceHeader): number {
  if (seq.reduced) return 0xff;
  const r = new BitReader(obu.payload);
  // A shown existing frame refreshes nothing, unless it is a key frame: we cannot tell which.
  if (r.u(1)) return 0xff;
  const frameType = r.u(2);
  const showFrame = r.u(1);
  if (showFrame && seq.decoderModelInfoPresent && !seq.equalPictureInterval) r.u(seq.framePresentationTimeLength);
  if (!showFrame) r.u(1);
  if (frameType === 3 || (frameType === 0 && showFrame)) return 0xff;
  const errorResilient = r.u(1);
  r.u(1);
  const screenContent = seq.forceScreenContentTools === 2 ? r.u(1) : seq.forceScreenContentTools;
  if (screenContent && seq.forceIntegerMv === 2) r.u(1);
  if (seq.frameIdLength) r.u(seq.frameIdLength);
  r.u(1); // frame_size_override_flag
  r.u(seq.orderHintBits);
  const intra = frameType === 0 || frameType === 2;
  if (!intra && !errorResilient) r.u(3);
  if (seq.decoderModelInfoPresent && r.u(1)) {
    for (const op of seq.operatingPoints) {
      if (!op.decoderModelPresent) continue;
      const inTemporal = (op.idc >> obu.temporalId) & 1;
      const inSpatial = (op.idc >> (obu.spatialId + 8)) & 1;
      if (op.idc === 0 || (inTemporal && inSpatial)) r.u(seq.bufferRemovalTimeLength);
    }
  }
  return r.u(8);
}

/** Whether no frame of this temporal unit goes into a reference slot. */
export function isDisposableAv1(temporalUnit: Uint8Array, seq: Av1SequenceHeader): boolean {
  let frames = 0;
  for (const obu of obus(temporalUnit)) {
    if (obu.type !== OBU_FRAME_HEADER && obu.type !== OBU_FRAME) continue;
    frames++;
    if (refreshFlags(obu, seq) !== 0) return false;
  }
  return frames > 0;
}
