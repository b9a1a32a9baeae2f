import { describe, expect, it } from 'vitest';
import { canvasKeyAction, startsPan, toCanvasPointer } from './input';

const none = { shiftKey: false, altKey: false, ctrlKey: false, metaKey: false };

describe('canvas input', () => {
  it('converts screen points to image pixels and folds Cmd into ctrlKey', () => {
    const e = toCanvasPointer('down', { x: 30, y: 50 }, { scale: 4, x: 10, y: 10 }, 0, { ...none, metaKey: true });
    expect(e).toEqual({ type: 'down', x: 5, y: 10, button: 0, shiftKey: false, altKey: false, ctrlKey: true });
  });

  it('pans with the middle button, or the primary one while Space is held', () => {
    expect(startsPan(1, false)).toBe(true);
    expect(startsPan(0, true)).toBe(true);
    expect(startsPan(0, false)).toBe(false);
    expect(startsPan(2, true)).toBe(false);
  });

  it('maps F / 0 to fit and = / Shift+1 to 1:1, leaving plain digits to labels', () => {
    const key = (key: string, code: string, extra = {}) => ({ ...none, key, code, ...extra });
    expect(canvasKeyAction(key('f', 'KeyF'), 'down')).toBe('fit');
    expect(canvasKeyAction(key('0', 'Digit0'), 'down')).toBe('fit');
    expect(canvasKeyAction(key('=', 'Equal'), 'down')).toBe('one-to-one');
    expect(canvasKeyAction(key('!', 'Digit1', { shiftKey: true }), 'down')).toBe('one-to-one');
    expect(canvasKeyAction(key('1', 'Digit1'), 'down')).toBeNull();
    expect(canvasKeyAction(key('f', 'KeyF', { ctrlKey: true }), 'down')).toBeNull();
    expect(canvasKeyAction(key(' ', 'Space'), 'down')).toBe('pan-key-down');
    expect(canvasKeyAction(key(' ', 'Space'), 'up')).toBe('pan-key-up');
  });
});
