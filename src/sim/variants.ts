/**
 * What each evaluation variant holds back from training. Every variant other than the one named for
 * a shift draws from the training distribution, so that each variant isolates one shift:
 *  - unseen_positions: the target starts inside HELDOUT_REGION, where no other variant puts a target;
 *  - unseen_objects: the target is one of HELDOUT_COMBOS, which no other variant ever shows;
 *  - new_background: the table takes an UNSEEN_TABLE_COLOURS colour;
 *  - heldout_paraphrases: the instruction uses a held-out paraphrase (instructions.ts);
 *  - similar_distractors: the scene adds objects sharing the target's kind or its colour, which no
 *    other variant does.
 */
import { PICKABLE_KINDS, SEEN_TABLE_COLOURS, UNSEEN_TABLE_COLOURS } from './catalog';
import { VARIANTS, type VariantName } from './contracts';
import { oneOf } from './errors';
import { COLOURS, OBJECT_KINDS, type ColourName, type ObjectKind, type Rgb } from './types';

export interface Range2d {
  x: [number, number];
  y: [number, number];
}

/** Where object centres are placed: inside the workspace and in view of both cameras at 128x128. */
export const OBJECT_REGION: Range2d = { x: [-0.16, 0.26], y: [-0.3, 0.3] };

/** The back-left corner (as the front camera sees it) where only unseen_positions puts a target. */
export const HELDOUT_REGION: Range2d = { x: [0.12, 0.26], y: [0.14, 0.3] };

export function inRegion(r: Range2d, x: number, y: number): boolean {
  return x >= r.x[0] && x <= r.x[1] && y >= r.y[0] && y <= r.y[1];
}

export interface Combo {
  kind: ObjectKind;
  colour: ColourName;
}

/** Kind-colour combinations never shown outside unseen_objects, one or two per pickable kind. */
export const HELDOUT_COMBOS: readonly Combo[] = [
  { kind: 'can', colour: 'purple' },
  { kind: 'cube', colour: 'cyan' },
  { kind: 'cube', colour: 'black' },
  { kind: 'bottle', colour: 'orange' },
  { kind: 'block', colour: 'pink' },
  { kind: 'cup', colour: 'yellow' },
  { kind: 'carrot', colour: 'white' },
  { kind: 'ball', colour: 'green' },
];

export function isHeldoutCombo(kind: ObjectKind, colour: ColourName): boolean {
  return HELDOUT_COMBOS.some((c) => c.kind === kind && c.colour === colour);
}

export function checkVariant(variant: string): VariantName {
  return oneOf('variant', variant, VARIANTS);
}

export function tableColours(variant: VariantName): readonly Rgb[] {
  return variant === 'new_background' ? UNSEEN_TABLE_COLOURS : SEEN_TABLE_COLOURS;
}

/** Every combination of the given kinds that is not held out. */
export function seenCombos(kinds: readonly ObjectKind[] = OBJECT_KINDS): Combo[] {
  return kinds.flatMap((kind) => COLOURS.filter((colour) => !isHeldoutCombo(kind, colour)).map((colour) => ({ kind, colour })));
}

/** The combinations a variant may use for its target. */
export function targetCombos(variant: VariantName): readonly Combo[] {
  return variant === 'unseen_objects' ? HELDOUT_COMBOS : seenCombos(PICKABLE_KINDS);
}

/** Whether a variant's target must start in the held-out region (true) or outside it (false). */
export function targetInHeldoutRegion(variant: VariantName): boolean {
  return variant === 'unseen_positions';
}
