import { describe, expect, it } from 'vitest';
import { contentRange, parseByteRange } from './byteRange';

describe('parseByteRange', () => {
  it.each([
    [undefined, 100, { kind: 'whole' }],
    ['bytes=0-9', 100, { kind: 'partial', span: { start: 0, end: 9 } }],
    ['bytes=90-', 100, { kind: 'partial', span: { start: 90, end: 99 } }],
    ['bytes=-10', 100, { kind: 'partial', span: { start: 90, end: 99 } }],
    ['bytes=-500', 100, { kind: 'partial', span: { start: 0, end: 99 } }],
    ['bytes=50-5000', 100, { kind: 'partial', span: { start: 50, end: 99 } }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-9', 100, { kind: 'whole' }],
    ['items=0-9', 100, { kind: 'whole' }],
    ['bytes=9-2', 100, { kind: 'whole' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it('formats Content-Range', () => {
    expect(contentRange({ start: 0, end: 9 }, 100)).toBe('bytes 0-9/100');
  });
});
