import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../../components/hotkeys';

/**
 * Keys of the annotation mode, on the window in the capture phase: they must reach the tools before
 * the player (Escape would unfocus the camera, Space play) and the episode's review letters see them.
 * A used key is only marked handled (defaultPrevented), never stopped, so the canvas still gets its
 * own navigation keys; the other listeners skip handled keys.
 */
export function useAnnotateKeys(handler: (e: KeyboardEvent) => boolean, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      if (ref.current(e)) e.preventDefault();
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [enabled]);
}
