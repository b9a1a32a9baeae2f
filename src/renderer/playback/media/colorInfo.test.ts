import { describe, expect, it } from 'vitest';
import { av1Colour, h264SpsColour } from './colorInfo';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));

// SPS NAL units and AV1 temporal-unit starts written by Debian's ffmpeg (libx264, SVT-AV1).
const SPS_UNTAGGED = '6764001eacd940a03db0110000030001000003003c0f162d96';
const SPS_BT709 = '6764001eacd940a03db016a0202028000003000800000301e078b16cb0';
const SPS_FULL_RANGE = '6764001eacd940a03db016c8000003000800000301e078b16cb0';
const AV1_UNTAGGED = '0a0b00000024c4ffdf3efe401032a4571400';
const AV1_FULL_RANGE = '0a0b00000024c4ffdf3efe421032864e1400';
const AV1_BT709 = '0a0d00000002afff9f7f2202020208329b06';

describe('colour signal', () => {
  it('reads whether an H.264 SPS describes its colour, and its range', () => {
    expect(h264SpsColour(hex(SPS_UNTAGGED))).toEqual({ described: false, fullRange: false });
    expect(h264SpsColour(hex(SPS_BT709))).toEqual({ described: true, fullRange: false });
    expect(h264SpsColour(hex(SPS_FULL_RANGE))).toEqual({ described: false, fullRange: true });
  });

  it('reads the same from an AV1 sequence header', () => {
    expect(av1Colour(hex(AV1_UNTAGGED))).toEqual({ described: false, fullRange: false });
    expect(av1Colour(hex(AV1_FULL_RANGE))).toEqual({ described: false, fullRange: true });
    expect(av1Colour(hex(AV1_BT709))).toEqual({ described: true, fullRange: false });
  });

  it('finds no sequence header where there is none', () => {
    expect(av1Colour(hex('1200'))).toBeNull();
  });

  it('throws on a truncated SPS rather than guessing', () => {
    expect(() => h264SpsColour(hex(SPS_UNTAGGED.slice(0, 12)))).toThrow(RangeError);
  });
});
