import { describe, expect, it } from 'vitest';
import { actionFor } from '../../editor/hotkeys';
import { createHotkeyPrefs, HOTKEYS_KEY, readOverrides } from './hotkeyPrefs';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean }> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('saved annotation shortcuts', () => {
  it('rebinds an action, saves it, and a new window dispatches through it', () => {
    const storage = memory();
    const prefs = createHotkeyPrefs(storage);
    prefs.getState().bind('keyframe.set', ['Shift+K']);
    expect(JSON.parse(storage.data.get(HOTKEYS_KEY)!)).toEqual({ 'keyframe.set': ['Shift+k'] });
    const reopened = createHotkeyPrefs(storage).getState().merged.bindings;
    expect(actionFor(reopened, key('K', { shiftKey: true }), false)).toBe('keyframe.set');
    expect(actionFor(reopened, key('f'), false)).toBeNull();
  });

  it('shows a conflict and lets neither action fire until it is resolved', () => {
    const prefs = createHotkeyPrefs(memory());
    prefs.getState().bind('keyframe.set', ['b']);
    expect(prefs.getState().merged.conflicts).toEqual([{ chord: 'b', actions: ['tool.box', 'keyframe.set'] }]);
    expect(actionFor(prefs.getState().merged.bindings, key('b'), false)).toBeNull();
    prefs.getState().reset('keyframe.set');
    expect(prefs.getState().merged.conflicts).toEqual([]);
    expect(actionFor(prefs.getState().merged.bindings, key('b'), false)).toBe('tool.box');
  });

  it('forgets an override that equals the default and clears storage on reset all', () => {
    const storage = memory();
    const prefs = createHotkeyPrefs(storage);
    prefs.getState().bind('tool.point', ['q']);
    prefs.getState().bind('tool.box', ['p']);
    prefs.getState().bind('tool.point', ['p']);
    expect(prefs.getState().overrides).toEqual({ 'tool.box': ['p'] });
    prefs.getState().resetAll();
    expect(storage.data.has(HOTKEYS_KEY)).toBe(false);
  });

  it('ignores a damaged or foreign saved file instead of failing', () => {
    expect(readOverrides('{not json')).toEqual({});
    expect(readOverrides('{"tool.box":["x"],"no.such":["y"],"tool.point":[3]}')).toEqual({ 'tool.box': ['x'] });
    expect(createHotkeyPrefs(memory({ [HOTKEYS_KEY]: '[1,2]' })).getState().overrides).toEqual({});
  });
});
