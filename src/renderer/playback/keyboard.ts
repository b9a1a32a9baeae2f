/**
 * The player's keys. They listen on the window (the episode view has no single focusable root),
 * but give way to fields being typed in, to anything that already handled the key (the episode
 * list's Home/End), and to a focused button or select, which Space must activate instead.
 */
import { useEffect, type RefObject } from 'react';
import type { PlayerStoreApi } from './store';

export type PlayerCommand =
  | { kind: 'toggle' }
  | { kind: 'step'; delta: number }
  | { kind: 'seek'; to: 'start' | 'end' }
  | { kind: 'unfocus' };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: unknown;
}

function tagOf(target: unknown): string {
  if (!target || typeof target !== 'object') return '';
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  if (el.isContentEditable) return 'TEXT';
  if (el.tagName === 'INPUT' && ['checkbox', 'radio', 'range', 'button'].includes(el.type ?? 'text')) return 'CONTROL';
  return el.tagName ?? '';
}

export function commandForKey(e: KeyInput, cameraFocused: boolean): PlayerCommand | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return null;
  const tag = tagOf(e.target);
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'TEXT') return null;
  const control = tag === 'BUTTON' || tag === 'SELECT' || tag === 'CONTROL';
  switch (e.key) {
    case ' ':
      return control ? null : { kind: 'toggle' };
    case 'ArrowLeft':
      return tag === 'SELECT' ? null : { kind: 'step', delta: e.shiftKey ? -10 : -1 };
    case 'ArrowRight':
      return tag === 'SELECT' ? null : { kind: 'step', delta: e.shiftKey ? 10 : 1 };
    case 'Home':
      return { kind: 'seek', to: 'start' };
    case 'End':
      return { kind: 'seek', to: 'end' };
    case 'Escape':
      return cameraFocused ? { kind: 'unfocus' } : null;
    default:
      return null;
  }
}

export function runCommand(store: PlayerStoreApi, command: PlayerCommand): void {
  const state = store.getState();
  if (command.kind === 'toggle') state.toggle();
  else if (command.kind === 'step') state.step(command.delta);
  else if (command.kind === 'seek') state.seek(command.to === 'start' ? 0 : state.length - 1);
  else state.focus(null);
}

/**
 * A modal dialog owns the keyboard while open, unless the player is inside it (the rollout player lives in
 * the Rollouts page's dialog): then the player keeps its keys and a player behind the dialog loses them.
 */
export function dialogOwnsKeys(root: Element | null | undefined): boolean {
  return [...document.querySelectorAll('dialog[open]')].some((dialog) => !root || !dialog.contains(root));
}

/** Registers the player's keys while `enabled`; `root` is the player's element, for dialogOwnsKeys. */
export function usePlayerKeys(store: PlayerStoreApi, enabled = true, root?: RefObject<Element | null>): void {
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (dialogOwnsKeys(root?.current)) return;
      const command = commandForKey(e, store.getState().focused !== null);
      if (!command) return;
      e.preventDefault();
      runCommand(store, command);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [store, enabled, root]);
}
