import { describe, expect, it } from 'vitest';
import { isDisposableH264, nalLengthSize } from './disposable';

const nal = (header: number, size = 3) => [0, 0, 0, size + 1, header, ...Array(size).fill(0x80)];

describe('isDisposableH264', () => {
  it('reads nal_ref_idc of the first slice, after SEI and delimiters', () => {
    expect(isDisposableH264(Uint8Array.from([...nal(0x09), ...nal(0x06), ...nal(0x01)]), 4)).toBe(true); // B, ref_idc 0
    expect(isDisposableH264(Uint8Array.from([...nal(0x41)]), 4)).toBe(false); // P, ref_idc 2
    expect(isDisposableH264(Uint8Array.from([...nal(0x65)]), 4)).toBe(false); // IDR
  });

  it('keeps what it cannot read', () => {
    expect(isDisposableH264(Uint8Array.from([0, 0, 0, 0]), 4)).toBe(false);
    expect(isDisposableH264(Uint8Array.from([...nal(0x06)]), 4)).toBe(false);
  });

  it('reads the length size of avcC', () => {
    expect(nalLengthSize(Uint8Array.from([1, 100, 0, 30, 0xff]))).toBe(4);
    expect(nalLengthSize(Uint8Array.from([1, 100, 0, 30, 0xfd]))).toBe(2);
  });
});
