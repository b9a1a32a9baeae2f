/**
 * The annotation part of the cheat sheet, editable: each action with its keys, "Change" records the
 * next chord, conflicts are named (a conflicting chord does nothing until resolved), "Reset" goes back
 * to the default. Saved at once (hotkeyPrefs), used by the workspace on its next key press.
 */
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { chordOf, DEFAULT_HOTKEYS, type HotkeyAction, type HotkeyBinding } from '../../editor/hotkeys';
import { hotkeyPrefs, isModifierKey, useHotkeyPrefs } from './hotkeyPrefs';
import './shortcutsEditor.css';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const KEY_NAMES: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', ArrowUp: '↑', ArrowDown: '↓', Space: 'Space', Delete: 'Del', Backspace: '⌫' };

/** A chord as the keycap reads: "Mod+Shift+z" is "Ctrl+Shift+Z" (⌘ on macOS). */
export function chordText(chord: string, mac = MAC): string {
  return chord
    .split('+')
    .map((p, i, all) => (p === '' && i === all.length - 1 ? '+' : p === 'Mod' ? (mac ? '⌘' : 'Ctrl') : (KEY_NAMES[p] ?? (p.length === 1 ? p.toUpperCase() : p))))
    .filter((p) => p !== '')
    .join('+');
}

/**
 * Keys the rest of the studio answers to. In the annotation mode a shortcut bound to one of them wins
 * (the mode sees keys first), so the editor says what it takes away instead of refusing.
 */
export const STUDIO_KEYS: Record<string, string> = {
  e: 'leaving the annotation mode',
  j: 'the next episode',
  k: 'the previous episode',
  a: 'accepting the episode',
  r: 'rejecting the episode',
  n: '"needs annotation"',
  u: 'back to unreviewed',
  i: 'importing a dataset',
  '/': 'the instruction search',
  'Shift+?': 'this list',
  Home: 'the first frame',
  End: 'the last frame',
};

/** The studio keys an annotation binding takes over, as sentences. */
export function takenStudioKeys(bindings: readonly HotkeyBinding[]): string[] {
  return bindings.flatMap((b) =>
    b.keys.filter((k) => STUDIO_KEYS[k]).map((k) => `${chordText(k)} now means "${b.description}" in the annotation mode, not ${STUDIO_KEYS[k]}.`),
  );
}

function Row({ binding, conflicting, recording, onRecord }: { binding: HotkeyBinding; conflicting: Set<string>; recording: boolean; onRecord(): void }) {
  const changed = useHotkeyPrefs((s) => s.overrides[binding.action] !== undefined);
  return (
    <div className={`shortcut-edit${recording ? ' shortcut-edit--recording' : ''}`} data-action={binding.action}>
      <span className="shortcut-edit__what">{binding.description}</span>
      {/* The keys are the button: clicking them records new ones. */}
      <button
        type="button"
        className="shortcut-edit__keys"
        onClick={onRecord}
        aria-label={recording ? `Cancel changing ${binding.description}` : `Change the key of ${binding.description}`}
        title={recording ? 'Press the new key; Esc or a click cancels' : 'Click, then press the new key'}
      >
        {recording ? (
          <span className="shortcut-edit__prompt">Press a key…</span>
        ) : binding.keys.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          binding.keys.map((k) => (
            <kbd key={k} className={`kbd${conflicting.has(k) ? ' kbd--conflict' : ''}`} title={conflicting.has(k) ? 'Also bound to another action: does nothing until one is changed' : undefined}>
              {chordText(k)}
            </kbd>
          ))
        )}
      </button>
      <button
        type="button"
        className="shortcut-edit__reset"
        disabled={!changed}
        onClick={() => hotkeyPrefs.getState().reset(binding.action)}
        aria-label={`Reset ${binding.description}`}
        title={changed ? 'Back to the default key' : 'The default key'}
      >
        ↺
      </button>
    </div>
  );
}

export function ShortcutsEditor() {
  const merged = useHotkeyPrefs((s) => s.merged);
  const anyChanged = useHotkeyPrefs((s) => Object.keys(s.overrides).length > 0);
  const [recording, setRecording] = useState<HotkeyAction | null>(null);

  useEffect(() => {
    if (!recording) return;
    const listener = (e: KeyboardEvent) => {
      // The chord belongs to the recorder: not to the dialog (Escape closes it) nor to anything behind.
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.key === 'Escape') return setRecording(null);
      if (isModifierKey(e.key)) return;
      hotkeyPrefs.getState().bind(recording, [chordOf(e, MAC)]);
      setRecording(null);
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [recording]);

  const conflicting = new Set(merged.conflicts.flatMap((c) => c.chord));
  const describe = (a: HotkeyAction) => DEFAULT_HOTKEYS.find((d) => d.action === a)?.description ?? a;
  const rows = (list: HotkeyBinding[]) =>
    list.map((b) => (
      <Row key={b.action} binding={b} conflicting={conflicting} recording={recording === b.action} onRecord={() => setRecording(recording === b.action ? null : b.action)} />
    ));
  const labelRows = merged.bindings.filter((b) => b.action.startsWith('label.'));
  return (
    <section className="shortcuts-editor" aria-label="Annotation shortcuts">
      <header className="shortcuts-editor__head">
        <h3>Annotation · click a key to change it</h3>
        <Button size="sm" variant="ghost" disabled={!anyChanged} onClick={() => hotkeyPrefs.getState().resetAll()}>
          Reset all
        </Button>
      </header>
      {merged.conflicts.length > 0 && (
        <ul className="shortcuts-editor__conflicts" role="alert">
          {merged.conflicts.map((c) => (
            <li key={c.chord}>
              <kbd className="kbd kbd--conflict">{chordText(c.chord)}</kbd> is bound to {c.actions.map(describe).join(' and ')}: it does nothing until one is changed.
            </li>
          ))}
        </ul>
      )}
      {takenStudioKeys(merged.bindings).map((line) => (
        <p key={line} className="shortcuts-editor__taken">
          {line}
        </p>
      ))}
      <div className="shortcuts-editor__rows">{rows(merged.bindings.filter((b) => !b.action.startsWith('label.')))}</div>
      <details className="shortcuts-editor__labels">
        <summary>Class keys 1–9 (give the selection a class; with nothing selected, pick the class of new shapes)</summary>
        <div className="shortcuts-editor__rows">{rows(labelRows)}</div>
      </details>
    </section>
  );
}
