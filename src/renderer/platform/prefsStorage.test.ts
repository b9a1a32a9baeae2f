import { describe, expect, it } from 'vitest';
import { persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { prefsStorage } from './prefsStorage';

describe('prefsStorage', () => {
  it('keeps a store\'s saved state in memory where there is no localStorage (node)', async () => {
    const storage = prefsStorage<{ n: number }>()!;
    await storage.setItem('k', { state: { n: 3 }, version: 0 });
    expect(await storage.getItem('k')).toEqual({ state: { n: 3 }, version: 0 });
    await storage.removeItem('k');
    expect(await storage.getItem('k')).toBeNull();
  });

  it('gives a store created later the choices an earlier one saved under the same name', async () => {
    const storage = prefsStorage<{ n: number }>();
    const make = () => createStore<{ n: number; bump(): void }>()(
      persist((set, get) => ({ n: 0, bump: () => set({ n: get().n + 1 }) }), { name: 'test.prefs', storage }),
    );
    const first = make();
    first.getState().bump();
    first.getState().bump();
    const second = make();
    await second.persist.rehydrate();
    expect(second.getState().n).toBe(2);
  });
});
