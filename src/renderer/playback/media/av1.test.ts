import { describe, expect, it } from 'vitest';
import { isDisposableAv1, obus, parseSequenceHeader } from './av1';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));

// The starts of temporal units SVT-AV1 (Debian's ffmpeg, GOP 30) wrote: the keyframe with its
// sequence header, a unit of hidden reference frames, a shown existing frame, and a shown frame
// of the top temporal layer, which no frame references.
const KEY = '0a0b00000024c4ffdf3efe4010329e591400a0f824db2a73d09e7c2da201879cdf7e8284cffd0dff';
const HIDDEN_REFS = '32cf4b2908001249249e86608082041030bc7bc09c71cf3c01cf9cfbc600d25889a5a86f5c076c86';
const SHOW_EXISTING = '1a01e8';
const TOP_LAYER = '32b6213203000db6b6b51e0000004fbc6000e0bcf4d8844df18b48e8006b01f2daecfda41a9021ed';

const seq = parseSequenceHeader([...obus(hex(KEY))].find((o) => o.type === 1)!.payload);

describe('AV1 headers', () => {
  it('reads the sequence header fields frame headers depend on', () => {
    expect(seq).toMatchObject({ reduced: false, decoderModelInfoPresent: false, frameIdLength: 0, forceScreenContentTools: 2, orderHintBits: 7, colourDescribed: false });
  });

  it('finds the frames nothing references', () => {
    expect(isDisposableAv1(hex(TOP_LAYER), seq)).toBe(true);
    expect(isDisposableAv1(hex(HIDDEN_REFS), seq)).toBe(false);
    expect(isDisposableAv1(hex(KEY), seq)).toBe(false);
    // A shown existing frame might be a key frame that refreshes every slot: kept.
    expect(isDisposableAv1(hex(SHOW_EXISTING), seq)).toBe(false);
  });
});
