/**
 * Comma and period step one frame back and forth, as in video tools. Only the rollout player binds
 * them: the annotation workspace uses the same keys for keyframes. Arrows, Space and Home/End come
 * from the player's own keys.
 */
import { useEffect, type RefObject } from 'react';
import { dialogOwnsKeys } from '../../../playback/keyboard';
import type { PlayerStoreApi } from '../../../playback/store';

export function stepForKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; defaultPrevented: boolean; target: unknown }): number {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return 0;
  const el = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (el?.isContentEditable || el?.tagName === 'INPUT' || el?.tagName === 'TEXTAREA' || el?.tagName === 'SELECT') return 0;
  return e.key === ',' ? -1 : e.key === '.' ? 1 : 0;
}

export function useStepKeys(store: PlayerStoreApi, enabled = true, root?: RefObject<Element | null>): void {
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (dialogOwnsKeys(root?.current)) return;
      const delta = stepForKey(e);
      if (delta === 0) return;
      e.preventDefault();
      store.getState().step(delta);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [store, enabled, root]);
}
