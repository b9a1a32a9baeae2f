/**
 * What the canvas does with raw input before tools see it: navigation keys and pan gestures are
 * the canvas's own (never passed to tools); everything else becomes a pointer event in image pixels.
 */
import { screenToImage, type Point, type Viewport } from './viewport';

/** A pointer event as tools get it: coordinates in image pixels (continuous; pixel centres at +0.5). */
export interface CanvasPointerEvent {
  type: 'down' | 'move' | 'up' | 'cancel';
  x: number;
  y: number;
  /** 0 primary, 1 middle, 2 secondary; -1 for a move with no button change. */
  button: number;
  shiftKey: boolean;
  altKey: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  ctrlKey: boolean;
}

export interface ModifierState {
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function toCanvasPointer(type: CanvasPointerEvent['type'], screen: Point, v: Viewport, button: number, m: ModifierState): CanvasPointerEvent {
  const p = screenToImage(v, screen);
  return { type, x: p.x, y: p.y, button, shiftKey: m.shiftKey, altKey: m.altKey, ctrlKey: m.ctrlKey || m.metaKey };
}

export const MIDDLE_BUTTON = 1;

/** Middle button always pans; the primary button pans while Space is held (as in image editors). */
export const startsPan = (button: number, spaceHeld: boolean): boolean => button === MIDDLE_BUTTON || (button === 0 && spaceHeld);

export type CanvasKeyAction = 'fit' | 'one-to-one' | 'pan-key-down' | 'pan-key-up';

export interface KeyLike extends ModifierState {
  key: string;
  code: string;
  repeat?: boolean;
}

/**
 * Navigation keys: F or 0 fits, `=` or Shift+1 shows 1:1 (plain 1-9 pick labels), Space held pans.
 * Shift+1 is matched by code because its key is '!' only on some layouts.
 */
export function canvasKeyAction(e: KeyLike, phase: 'down' | 'up'): CanvasKeyAction | null {
  if (e.key === ' ' || e.code === 'Space') return phase === 'down' ? 'pan-key-down' : 'pan-key-up';
  if (phase === 'up' || e.ctrlKey || e.metaKey || e.altKey) return null;
  if ((e.key === 'f' || e.key === 'F' || e.key === '0') && !e.shiftKey) return 'fit';
  if (e.key === '=' || (e.shiftKey && e.code === 'Digit1')) return 'one-to-one';
  return null;
}
