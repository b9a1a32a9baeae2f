/** The rollout player's remembered choices: which overlays are drawn and which action dims are plotted. */
import { useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { prefsStorage } from '../../../platform/prefsStorage';
import { ALL_LAYERS_ON, type OverlayLayer, type OverlayLayers } from './overlays';

export interface RolloutPlayerPrefs {
  layers: OverlayLayers;
  /** Action dims shown in the actions plot, by index. */
  actionDims: number[];
  toggleLayer(layer: OverlayLayer): void;
  toggleDim(dim: number): void;
}

/** Position, gripper: what a failed grasp is read from first. */
export const DEFAULT_ACTION_DIMS = [0, 1, 2, 6];

/** Pure reducer of toggleDim: kept in index order so the legend's order is stable. */
export function toggledDims(dims: number[], dim: number): number[] {
  return dims.includes(dim) ? dims.filter((d) => d !== dim) : [...dims, dim].sort((a, b) => a - b);
}

export const rolloutPlayerPrefs = createStore<RolloutPlayerPrefs>()(
  persist(
    (set, get) => ({
      layers: ALL_LAYERS_ON,
      actionDims: DEFAULT_ACTION_DIMS,
      toggleLayer: (layer) => set({ layers: { ...get().layers, [layer]: !get().layers[layer] } }),
      toggleDim: (dim) => set({ actionDims: toggledDims(get().actionDims, dim) }),
    }),
    {
      name: 'st4vla.rolloutPlayer',
      storage: prefsStorage(),
      partialize: (s) => ({ layers: s.layers, actionDims: s.actionDims }),
      // A layer added after the choice was saved starts on.
      merge: (saved, current) => {
        const s = (saved ?? {}) as Partial<RolloutPlayerPrefs>;
        return { ...current, layers: { ...current.layers, ...s.layers }, actionDims: Array.isArray(s.actionDims) ? s.actionDims : current.actionDims };
      },
    },
  ),
);

export function useRolloutPlayerPrefs<T>(selector: (s: RolloutPlayerPrefs) => T): T {
  return useStore(rolloutPlayerPrefs, selector);
}
