/**
 * Storage for zustand's persist middleware: the browser's localStorage, or a map in memory where there
 * is none (unit tests in node), so a prefs store works the same in both and never throws on import.
 */
import { createJSONStorage } from 'zustand/middleware';

export function prefsStorage<S>() {
  return createJSONStorage<S>(() => (typeof localStorage === 'undefined' ? memoryStorage() : localStorage));
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}
