import { useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { prefsStorage } from '../../../platform/prefsStorage';
import type { LayoutMode } from './signalLayout';

/** 'fit': each dim scaled to its own range; 'shared': one y axis per plot in the signal's units. */
export type YScale = 'fit' | 'shared';

export interface SignalPrefs {
  mode: LayoutMode;
  scale: YScale;
  /** Plot groups the user hid, by key; keys are stable across episodes with the same dims. */
  hidden: string[];
  setMode(mode: LayoutMode): void;
  setScale(scale: YScale): void;
  toggle(key: string): void;
  /** Shows only `key` (or everything again when it is already the only one shown). */
  solo(key: string, allKeys: string[]): void;
  showAll(): void;
  hideAll(allKeys: string[]): void;
}

/** Pure reducer of `solo`, tested apart from storage. */
export function soloHidden(key: string, allKeys: string[], hidden: string[]): string[] {
  const others = allKeys.filter((k) => k !== key);
  const alreadySolo = others.every((k) => hidden.includes(k)) && !hidden.includes(key);
  return alreadySolo ? [] : others;
}

export const signalPrefsStore = createStore<SignalPrefs>()(
  persist(
    (set, get) => ({
      mode: 'paired',
      scale: 'fit',
      hidden: [],
      setMode: (mode) => set({ mode }),
      setScale: (scale) => set({ scale }),
      toggle: (key) => {
        const hidden = get().hidden;
        set({ hidden: hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key] });
      },
      solo: (key, allKeys) => set({ hidden: soloHidden(key, allKeys, get().hidden) }),
      showAll: () => set({ hidden: [] }),
      hideAll: (allKeys) => set({ hidden: allKeys }),
    }),
    {
      name: 'st4vla.signals',
      storage: prefsStorage(),
      partialize: (s) => ({ mode: s.mode, scale: s.scale, hidden: s.hidden }),
    },
  ),
);

export function useSignalPrefs<T>(selector: (s: SignalPrefs) => T): T {
  return useStore(signalPrefsStore, selector);
}
