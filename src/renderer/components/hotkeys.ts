import { useEffect, useRef } from 'react';

/** The parts of a KeyboardEvent a shortcut decision needs; plain data so it is testable without a DOM. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: unknown;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Typing in a field must never review an episode: single-letter shortcuts are off while a field has focus. */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  if (el.isContentEditable) return true;
  if (el.tagName === 'INPUT') return !['checkbox', 'radio', 'button', 'range'].includes(el.type ?? 'text');
  return el.tagName !== undefined && TYPING_TAGS.has(el.tagName);
}

/** Whether a plain-key shortcut should fire: no modifier (Shift is allowed, it is part of the key), no field focused. */
export function isPlainShortcut(e: KeyLike): boolean {
  return !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target);
}

/** A modal dialog owns the keyboard while open. */
function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/**
 * Registers window-level plain-key shortcuts. The handler returns true when it used the key, which
 * then is kept from the browser (and from the player's own listeners further down the chain).
 */
export function useHotkeys(handler: (e: KeyboardEvent) => boolean, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (!isPlainShortcut(e) || modalOpen()) return;
      if (ref.current(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
