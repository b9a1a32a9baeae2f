import { useState } from 'react';

/** A small view preference kept across episodes and restarts (localStorage; JSON of the default's type). */
export function useStoredState<T extends boolean | number | string>(key: string, fallback: T): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = globalThis.localStorage?.getItem(key);
      const parsed: unknown = raw === null || raw === undefined ? undefined : JSON.parse(raw);
      return typeof parsed === typeof fallback ? (parsed as T) : fallback;
    } catch {
      return fallback;
    }
  });
  const set = (next: T) => {
    setValue(next);
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(next));
    } catch {
      // Without storage the choice holds for this window only.
    }
  };
  return [value, set];
}
