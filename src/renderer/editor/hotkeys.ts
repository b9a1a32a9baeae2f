/**
 * The annotation shortcuts as data: the help dialog lists them, the canvas dispatches through them, and a
 * user's saved overrides merge over them. Letters the studio already uses elsewhere (J/K episodes, A/R/N/U
 * review, I import, / search, ? help) are left out of the defaults.
 */
export const HOTKEY_ACTIONS = [
  'tool.select',
  'tool.point',
  'tool.box',
  'tool.trajectory',
  'frame.next',
  'frame.prev',
  'keyframe.next',
  'keyframe.prev',
  'keyframe.midpoint',
  'keyframe.set',
  'track.toggleAbsent',
  'annotation.delete',
  'label.1',
  'label.2',
  'label.3',
  'label.4',
  'label.5',
  'label.6',
  'label.7',
  'label.8',
  'label.9',
  'playback.toggle',
  'history.undo',
  'history.redo',
] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];

export interface HotkeyBinding {
  action: HotkeyAction;
  /** Chords such as "b", "Shift+ArrowRight", "Mod+z" (Mod is Cmd on macOS, Ctrl elsewhere). */
  keys: string[];
  description: string;
}

const labelKeys = Array.from({ length: 9 }, (_, i): HotkeyBinding => ({
  action: `label.${i + 1}` as HotkeyAction,
  keys: [String(i + 1)],
  description: `Give the selection class ${i + 1}`,
}));

export const DEFAULT_HOTKEYS: readonly HotkeyBinding[] = [
  { action: 'tool.select', keys: ['v'], description: 'Select and edit' },
  { action: 'tool.point', keys: ['p'], description: 'New point' },
  { action: 'tool.box', keys: ['b'], description: 'New box' },
  { action: 'tool.trajectory', keys: ['t'], description: 'New trajectory' },
  { action: 'frame.next', keys: ['ArrowRight'], description: 'Next frame' },
  { action: 'frame.prev', keys: ['ArrowLeft'], description: 'Previous frame' },
  { action: 'keyframe.next', keys: ['.'], description: 'Next keyframe' },
  { action: 'keyframe.prev', keys: [','], description: 'Previous keyframe' },
  { action: 'keyframe.midpoint', keys: ['m'], description: 'Midway to the next keyframe' },
  { action: 'keyframe.set', keys: ['f'], description: 'Make this frame a keyframe' },
  { action: 'track.toggleAbsent', keys: ['o'], description: 'Absent from here / present again' },
  { action: 'annotation.delete', keys: ['Delete', 'Backspace'], description: 'Delete the selection' },
  ...labelKeys,
  { action: 'playback.toggle', keys: ['Space'], description: 'Play / pause' },
  { action: 'history.undo', keys: ['Mod+z'], description: 'Undo' },
  { action: 'history.redo', keys: ['Mod+Shift+z', 'Mod+y'], description: 'Redo' },
];

const MODIFIERS = ['Mod', 'Alt', 'Shift'] as const;

/** One spelling per chord: modifiers in a fixed order, letters lower-case, " " as Space. */
export function normalizeChord(chord: string): string {
  const parts = chord.split('+').map((p) => p.trim()).filter((p) => p !== '');
  // A chord ending in "+" ("Mod++", "+") names the plus key itself.
  let key = chord.endsWith('+') ? '+' : (parts.pop() ?? '');
  const mods = new Set(parts.map((p) => (/^(ctrl|cmd|meta|control)$/i.test(p) ? 'Mod' : p[0]!.toUpperCase() + p.slice(1).toLowerCase())));
  if (key === ' ') key = 'Space';
  if (key.length === 1) key = key.toLowerCase();
  return [...MODIFIERS.filter((m) => mods.has(m)), key].join('+');
}

export interface KeyEventLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function chordOf(e: KeyEventLike, mac: boolean): string {
  const parts: string[] = [];
  if (mac ? e.metaKey : e.ctrlKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  parts.push(e.key === ' ' ? 'Space' : e.key);
  return normalizeChord(parts.join('+'));
}

export interface HotkeyConflict {
  chord: string;
  actions: HotkeyAction[];
}

export function findConflicts(bindings: readonly HotkeyBinding[]): HotkeyConflict[] {
  const byChord = new Map<string, HotkeyAction[]>();
  for (const b of bindings)
    for (const k of b.keys) {
      const chord = normalizeChord(k);
      byChord.set(chord, [...(byChord.get(chord) ?? []), b.action]);
    }
  return [...byChord].filter(([, actions]) => actions.length > 1).map(([chord, actions]) => ({ chord, actions }));
}

export interface MergedHotkeys {
  bindings: HotkeyBinding[];
  conflicts: HotkeyConflict[];
  /** Saved actions this version no longer knows, kept out rather than failing the whole file. */
  unknown: string[];
}

/** Lay a user's saved chords over the defaults; an empty list unbinds an action. */
export function mergeHotkeys(overrides: Record<string, string[]>, defaults: readonly HotkeyBinding[] = DEFAULT_HOTKEYS): MergedHotkeys {
  const known = new Set<string>(defaults.map((d) => d.action));
  const bindings = defaults.map((d) => {
    const o = overrides[d.action];
    return { ...d, keys: (o ?? d.keys).map(normalizeChord) };
  });
  return { bindings, conflicts: findConflicts(bindings), unknown: Object.keys(overrides).filter((a) => !known.has(a)) };
}

/** The action a key press triggers, or null. A conflicting chord triggers nothing, so it cannot do the wrong thing silently. */
export function actionFor(bindings: readonly HotkeyBinding[], e: KeyEventLike, mac: boolean): HotkeyAction | null {
  const chord = chordOf(e, mac);
  const hits = bindings.filter((b) => b.keys.some((k) => normalizeChord(k) === chord));
  return hits.length === 1 ? hits[0]!.action : null;
}
