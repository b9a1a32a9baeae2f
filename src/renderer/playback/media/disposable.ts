/**
 * Frames no other frame references. A seek decodes every sample from the keyframe to its target;
 * those it may skip are the non-reference ones before the target (in H.264: slices with
 * nal_ref_idc 0, most B-frames), which cuts the work of a seek deep into a long GOP.
 */

/** Whether an H.264 sample in length-prefixed (avcC) form holds a non-reference picture. */
export function isDisposableH264(sample: Uint8Array, lengthSize: number): boolean {
  let at = 0;
  while (at + lengthSize < sample.length) {
    let length = 0;
    for (let i = 0; i < lengthSize; i++) length = length * 256 + sample[at + i]!;
    const header = sample[at + lengthSize];
    if (header === undefined || length === 0) return false;
    const type = header & 0x1f;
    // The first slice decides: coded slice (1) or IDR slice (5).
    if (type === 1 || type === 5) return ((header >> 5) & 3) === 0;
    at += lengthSize + length;
  }
  return false;
}

/** NAL length field size of an avcC record. */
export function nalLengthSize(avcC: Uint8Array): number {
  return ((avcC[4] ?? 3) & 3) + 1;
}
