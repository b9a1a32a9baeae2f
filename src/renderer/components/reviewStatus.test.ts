import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEYS } from '../editor/hotkeys';
import { REVIEW_META, REVIEW_ORDER, reviewStatusForKey } from './reviewStatus';

describe('reviewStatusForKey', () => {
  it('maps u/w/d/n/r to the five statuses', () => {
    expect(reviewStatusForKey('u')).toEqual({ status: 'todo', advance: false });
    expect(reviewStatusForKey('w')).toEqual({ status: 'in_progress', advance: false });
    expect(reviewStatusForKey('d')).toEqual({ status: 'done', advance: false });
    expect(reviewStatusForKey('n')).toEqual({ status: 'needs_review', advance: false });
    expect(reviewStatusForKey('r')).toEqual({ status: 'rejected', advance: false });
  });
  it('advances with Shift', () => {
    expect(reviewStatusForKey('D')).toEqual({ status: 'done', advance: true });
    expect(reviewStatusForKey('R')).toEqual({ status: 'rejected', advance: true });
  });
  it('ignores other keys, the old A among them', () => {
    expect(reviewStatusForKey('a')).toBeNull();
    expect(reviewStatusForKey('x')).toBeNull();
    expect(reviewStatusForKey('ArrowLeft')).toBeNull();
  });
  it('gives every status a distinct key that no other shortcut uses', () => {
    const keys = REVIEW_ORDER.map((s) => REVIEW_META[s].key);
    expect(new Set(keys).size).toBe(REVIEW_ORDER.length);
    const studio = ['j', 'k', 'i', 'e', '/', '?'];
    const annotate = DEFAULT_HOTKEYS.flatMap((b) => b.keys).filter((k) => k.length === 1).map((k) => k.toLowerCase());
    expect(annotate).toContain('v');
    for (const key of keys) {
      expect(studio).not.toContain(key);
      expect(annotate).not.toContain(key);
    }
  });
  it('labels the statuses as the workflow names them', () => {
    expect(REVIEW_ORDER.map((s) => REVIEW_META[s].label)).toEqual(['To do', 'In progress', 'Done', 'Needs review', 'Rejected']);
  });
});
