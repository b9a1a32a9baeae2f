import { describe, expect, it } from 'vitest';
import { signalPrefsStore, soloHidden } from './signalPrefs';

describe('soloHidden', () => {
  const keys = ['a', 'b', 'c'];
  it('hides every other group', () => {
    expect(soloHidden('b', keys, [])).toEqual(['a', 'c']);
  });
  it('shows everything again when the group is already alone', () => {
    expect(soloHidden('b', keys, ['a', 'c'])).toEqual([]);
  });
});

describe('signal prefs store', () => {
  it('toggles a group and switches mode', () => {
    const s = signalPrefsStore.getState();
    s.toggle('x');
    expect(signalPrefsStore.getState().hidden).toContain('x');
    signalPrefsStore.getState().toggle('x');
    expect(signalPrefsStore.getState().hidden).not.toContain('x');
    signalPrefsStore.getState().setMode('separate');
    expect(signalPrefsStore.getState().mode).toBe('separate');
  });
});
