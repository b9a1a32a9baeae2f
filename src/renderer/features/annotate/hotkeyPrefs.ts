/**
 * The user's own annotation shortcuts: overrides of the defaults, saved in localStorage (kept by the
 * Electron app's scheme and by the browser in web mode alike). The cheat sheet edits them; the
 * workspace dispatches through the merged bindings.
 */
import { createStore, useStore, type StoreApi } from 'zustand';
import { DEFAULT_HOTKEYS, HOTKEY_ACTIONS, mergeHotkeys, normalizeChord, type HotkeyAction, type MergedHotkeys } from '../../editor/hotkeys';

export const HOTKEYS_KEY = 'st4vla.annotate.hotkeys';

export interface HotkeyPrefs {
  /** Chords per action that differ from the defaults; an empty list unbinds the action. */
  overrides: Partial<Record<HotkeyAction, string[]>>;
  merged: MergedHotkeys;
  /** Bind `action` to exactly `keys`; the defaults' keys come back when they are what is set. */
  bind(action: HotkeyAction, keys: string[]): void;
  reset(action: HotkeyAction): void;
  resetAll(): void;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

const browserStorage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

/** What was saved, keeping only well-formed entries: a hand-edited or older file must not break the keys. */
export function readOverrides(raw: string | null): Partial<Record<HotkeyAction, string[]>> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const known = new Set<string>(HOTKEY_ACTIONS);
  const out: Partial<Record<HotkeyAction, string[]>> = {};
  for (const [action, keys] of Object.entries(parsed))
    if (known.has(action) && Array.isArray(keys) && keys.every((k) => typeof k === 'string' && k !== ''))
      out[action as HotkeyAction] = keys.map(normalizeChord);
  return out;
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => normalizeChord(k) === normalizeChord(b[i]!));

export function createHotkeyPrefs(storage: Storage | null = browserStorage()): StoreApi<HotkeyPrefs> {
  const save = (overrides: HotkeyPrefs['overrides']) => {
    try {
      if (Object.keys(overrides).length === 0) storage?.removeItem(HOTKEYS_KEY);
      else storage?.setItem(HOTKEYS_KEY, JSON.stringify(overrides));
    } catch {
      // Storage full or denied: the change still holds for this window.
    }
  };
  const initial = readOverrides((() => {
    try {
      return storage?.getItem(HOTKEYS_KEY) ?? null;
    } catch {
      return null;
    }
  })());
  return createStore<HotkeyPrefs>((set, get) => {
    const update = (overrides: HotkeyPrefs['overrides']) => {
      save(overrides);
      set({ overrides, merged: mergeHotkeys(overrides) });
    };
    return {
      overrides: initial,
      merged: mergeHotkeys(initial),
      bind(action, keys) {
        const normal = [...new Set(keys.map(normalizeChord))];
        const { [action]: _old, ...rest } = get().overrides;
        const fallback = DEFAULT_HOTKEYS.find((d) => d.action === action)?.keys ?? [];
        update(sameKeys(normal, fallback) ? rest : { ...rest, [action]: normal });
      },
      reset(action) {
        const { [action]: _old, ...rest } = get().overrides;
        update(rest);
      },
      resetAll: () => update({}),
    };
  });
}

export const hotkeyPrefs = createHotkeyPrefs();

export function useHotkeyPrefs<T>(selector: (s: HotkeyPrefs) => T): T {
  return useStore(hotkeyPrefs, selector);
}

/** The modifier keys alone are not a chord: recording waits for the key they go with. */
export const isModifierKey = (key: string): boolean => ['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock'].includes(key);
