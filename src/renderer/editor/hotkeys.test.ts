import { describe, expect, it } from 'vitest';
import { actionFor, chordOf, DEFAULT_HOTKEYS, findConflicts, mergeHotkeys, normalizeChord } from './hotkeys';

const press = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('hotkeys', () => {
  it('the defaults have no conflicts and avoid the studio-wide letters', () => {
    expect(findConflicts(DEFAULT_HOTKEYS)).toEqual([]);
    const chords = DEFAULT_HOTKEYS.flatMap((b) => b.keys);
    for (const taken of ['j', 'k', 'a', 'r', 'n', 'u', 'i', '/', '?']) expect(chords).not.toContain(taken);
  });

  it('spells a chord one way', () => {
    expect(normalizeChord('shift+ctrl+Z')).toBe('Mod+Shift+z');
    expect(normalizeChord('Mod++')).toBe('Mod++');
    expect(chordOf(press(' '), false)).toBe('Space');
    expect(chordOf(press('Z', { metaKey: true, shiftKey: true }), true)).toBe('Mod+Shift+z');
  });

  it('maps presses to actions with Mod per platform', () => {
    expect(actionFor(DEFAULT_HOTKEYS, press('z', { ctrlKey: true }), false)).toBe('history.undo');
    expect(actionFor(DEFAULT_HOTKEYS, press('z', { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(DEFAULT_HOTKEYS, press('3'), false)).toBe('label.3');
    expect(actionFor(DEFAULT_HOTKEYS, press('B'), false)).toBe('tool.box');
  });

  it('merges overrides, reports the conflicts they make and the actions it does not know', () => {
    const merged = mergeHotkeys({ 'tool.box': ['P'], 'keyframe.set': [], 'tool.polygon': ['g'] });
    expect(merged.conflicts).toEqual([{ chord: 'p', actions: ['tool.point', 'tool.box'] }]);
    expect(merged.unknown).toEqual(['tool.polygon']);
    expect(merged.bindings.find((b) => b.action === 'keyframe.set')!.keys).toEqual([]);
    // A conflicting chord does nothing rather than the wrong thing.
    expect(actionFor(merged.bindings, press('p'), false)).toBeNull();
  });
});
