import { describe, expect, it } from 'vitest';
import { keyOf, ordinal } from './AnnotateToolbar';
import { chordText, takenStudioKeys } from './ShortcutsEditor';
import { DEFAULT_HOTKEYS, mergeHotkeys } from '../../editor/hotkeys';

describe('how keys and steps read', () => {
  it('names chords as the keycaps read on each platform', () => {
    expect(chordText('Mod+Shift+z', false)).toBe('Ctrl+Shift+Z');
    expect(chordText('Mod+Shift+z', true)).toBe('⌘+Shift+Z');
    expect(chordText('ArrowRight', false)).toBe('→');
    expect(chordText('Mod++', false)).toBe('Ctrl++');
    expect(chordText('.', false)).toBe('.');
  });

  it('shows the first key of an action on its button', () => {
    expect(keyOf(DEFAULT_HOTKEYS, 'keyframe.set')).toBe('F');
    expect(keyOf(DEFAULT_HOTKEYS, 'history.undo')).toBe('Ctrl+Z');
  });

  it('says "every Nth frame" in English', () => {
    expect([1, 2, 3, 4, 5, 11, 12, 13, 21, 22, 102].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '5th', '11th', '12th', '13th', '21st', '22nd', '102nd']);
  });

  it("says which of the studio's own keys a custom binding takes over", () => {
    expect(takenStudioKeys(DEFAULT_HOTKEYS)).toEqual([]);
    expect(takenStudioKeys(mergeHotkeys({ 'keyframe.set': ['e'] }).bindings)).toEqual([
      'E now means "Make this frame a keyframe" in the annotation mode, not leaving the annotation mode.',
    ]);
  });
});
