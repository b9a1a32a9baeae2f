import { describe, expect, it } from 'vitest';
import { isPlainShortcut, isTypingTarget, type KeyLike } from './hotkeys';

const key = (over: Partial<KeyLike> = {}): KeyLike => ({
  key: 'a', ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target: { tagName: 'DIV' }, ...over,
});

describe('isTypingTarget', () => {
  it('is true for text fields and editable content', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });
  it('is false for checkboxes, buttons and plain elements', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('isPlainShortcut', () => {
  it('fires for a bare or shifted key outside fields', () => {
    expect(isPlainShortcut(key())).toBe(true);
    expect(isPlainShortcut(key({ key: 'A' }))).toBe(true);
  });
  it('leaves modified keys, handled keys and typing alone', () => {
    expect(isPlainShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isPlainShortcut(key({ metaKey: true }))).toBe(false);
    expect(isPlainShortcut(key({ defaultPrevented: true }))).toBe(false);
    expect(isPlainShortcut(key({ target: { tagName: 'INPUT', type: 'text' } }))).toBe(false);
  });
});
