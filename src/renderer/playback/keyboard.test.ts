import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyInput } from './keyboard';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: { tagName: 'DIV' },
  ...extra,
});

describe('player keys', () => {
  it('maps Space, arrows, Shift+arrows, Home and End', () => {
    expect(commandForKey(key(' '), false)).toEqual({ kind: 'toggle' });
    expect(commandForKey(key('ArrowLeft'), false)).toEqual({ kind: 'step', delta: -1 });
    expect(commandForKey(key('ArrowRight', { shiftKey: true }), false)).toEqual({ kind: 'step', delta: 10 });
    expect(commandForKey(key('ArrowLeft', { shiftKey: true }), false)).toEqual({ kind: 'step', delta: -10 });
    expect(commandForKey(key('Home'), false)).toEqual({ kind: 'seek', to: 'start' });
    expect(commandForKey(key('End'), false)).toEqual({ kind: 'seek', to: 'end' });
  });

  it('uses Escape only to leave a focused camera', () => {
    expect(commandForKey(key('Escape'), true)).toEqual({ kind: 'unfocus' });
    expect(commandForKey(key('Escape'), false)).toBeNull();
  });

  it('leaves typing, modified keys, handled keys and button activation alone', () => {
    expect(commandForKey(key('ArrowLeft', { target: { tagName: 'INPUT', type: 'number' } }), false)).toBeNull();
    expect(commandForKey(key('ArrowLeft', { ctrlKey: true }), false)).toBeNull();
    expect(commandForKey(key('Home', { defaultPrevented: true }), false)).toBeNull();
    expect(commandForKey(key(' ', { target: { tagName: 'BUTTON' } }), false)).toBeNull();
    expect(commandForKey(key('ArrowRight', { target: { tagName: 'BUTTON' } }), false)).toEqual({ kind: 'step', delta: 1 });
  });
});
