import { describe, expect, it } from 'vitest';
import { REVIEW_META, REVIEW_ORDER, reviewStatusForKey } from './reviewStatus';

describe('reviewStatusForKey', () => {
  it('maps a/r/n/u to statuses', () => {
    expect(reviewStatusForKey('a')).toEqual({ status: 'accepted', advance: false });
    expect(reviewStatusForKey('r')).toEqual({ status: 'rejected', advance: false });
    expect(reviewStatusForKey('n')).toEqual({ status: 'needs_annotation', advance: false });
    expect(reviewStatusForKey('u')).toEqual({ status: 'unreviewed', advance: false });
  });
  it('advances with Shift', () => {
    expect(reviewStatusForKey('A')).toEqual({ status: 'accepted', advance: true });
  });
  it('ignores other keys', () => {
    expect(reviewStatusForKey('x')).toBeNull();
    expect(reviewStatusForKey('ArrowLeft')).toBeNull();
  });
  it('gives every status a distinct key', () => {
    const keys = REVIEW_ORDER.map((s) => REVIEW_META[s].key);
    expect(new Set(keys).size).toBe(REVIEW_ORDER.length);
  });
});
