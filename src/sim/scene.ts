/**
 * Seeded scene sampling: a (seed, variant, family) always names the same scene, task and
 * instruction on every machine. Objects get unique colour-noun names, sizes from the catalog, random
 * yaw, and a layout in which the scripted expert can solve the task (sceneLayout.ts).
 */
import { CONTAINER_KINDS, GRIPPER_MAX_OPENING, KIND_SPECS } from './catalog';
import { TASK_FAMILIES, type TaskFamily, type TaskSpec, type VariantName } from './contracts';
import { SimInputError, integerInRange } from './errors';
import { makeInstruction, parseObjectName, describeObject } from './instructions';
import { Rng } from './rng';
import { layOut } from './sceneLayout';
import { checkFamily } from './tasks';
import { checkVariant, seenCombos, tableColours, targetCombos, targetInHeldoutRegion, type Combo } from './variants';
import type { ObjectKind, SceneState, SimObject } from './types';

export const MAX_SEED = 0xffffffff;
/** Objects per scene, target and reference included. */
export const OBJECT_COUNT: [number, number] = [3, 6];
const MAX_CONTAINERS = 2;
const ATTEMPTS = 400;

export interface EpisodeSetup {
  seed: number;
  variant: VariantName;
  task: TaskSpec;
  scene: SceneState;
  instruction: string;
}

export interface SampleOptions {
  family?: string;
  /** Ask for a particular target, e.g. "red can"; it must be allowed in the variant. */
  target?: string;
}

export function checkSeed(seed: number): number {
  return integerInRange('seed', seed, 0, MAX_SEED);
}

/** The family used when none is asked for: the four families take turns over consecutive seeds. */
export function defaultFamily(seed: number): TaskFamily {
  return TASK_FAMILIES[seed % TASK_FAMILIES.length]!;
}

export function sampleEpisode(seed: number, variantName: string, opts: SampleOptions = {}): EpisodeSetup {
  checkSeed(seed);
  const variant = checkVariant(variantName);
  const family = opts.family === undefined ? defaultFamily(seed) : checkFamily(opts.family);
  const wanted = opts.target === undefined ? null : checkTarget(opts.target, variant);
  const rng = new Rng(`tabletop/${seed}/${variant}/${family}${wanted ? `/${describeObject(wanted)}` : ''}`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const setup = tryEpisode(rng.fork(`attempt${attempt}`), seed, variant, family, wanted);
    if (setup) return setup;
  }
  throw new SimInputError(`could not lay out a ${family} scene for seed ${seed} in ${variant}`);
}

function checkTarget(name: string, variant: VariantName): Combo {
  const combo = parseObjectName(name);
  if (KIND_SPECS[combo.kind].container) throw new SimInputError(`target "${name}" is a container and cannot be picked up`);
  const allowed = targetCombos(variant).some((c) => c.kind === combo.kind && c.colour === combo.colour);
  if (!allowed) {
    const why = variant === 'unseen_objects' ? 'is not one of the held-out objects' : 'is held out for unseen_objects';
    throw new SimInputError(`target "${name}" ${why}`);
  }
  return combo;
}

function tryEpisode(rng: Rng, seed: number, variant: VariantName, family: TaskFamily, wanted: Combo | null): EpisodeSetup | null {
  const combos = chooseCombos(rng, variant, family, wanted);
  if (!combos) return null;
  const objects = rng.shuffle([combos.target, ...(combos.reference ? [combos.reference] : []), ...combos.others]).map((c, i) =>
    makeObject(rng, c, `obj${i}`),
  );
  const find = (c: Combo) => objects.find((o) => o.kind === c.kind && o.colour === c.colour)!;
  const target = find(combos.target);
  const reference = combos.reference ? find(combos.reference) : null;
  const side = family === 'push' ? (rng.next() < 0.5 ? 'left' : 'right') : null;
  const task: TaskSpec = { family, targetId: target.id, referenceId: reference?.id ?? null, side };
  const base: SceneState = {
    objects: [],
    gripper: {
      pos: [rng.uniform(-0.06, 0.02), rng.uniform(-0.05, 0.05), rng.uniform(0.24, 0.3)],
      roll: 0,
      pitch: 0,
      yaw: rng.uniform(-0.3, 0.3),
      opening: GRIPPER_MAX_OPENING,
      closing: false,
      held: null,
    },
    tableColour: [...rng.pick(tableColours(variant))],
  };
  // Similar distractors are placed first so that crowding never drops them.
  const related = (o: SimObject) => o.kind === target.kind || o.colour === target.colour;
  const distractors = objects
    .filter((o) => o !== target && o !== reference)
    .sort((a, b) => Number(related(b)) - Number(related(a)));
  const scene = layOut(rng, { family, target, reference, side, distractors, targetInHeldout: targetInHeldoutRegion(variant), base }, task);
  if (!scene || scene.objects.length < OBJECT_COUNT[0]) return null;
  const similar = scene.objects.some((o) => o.id !== target.id && related(o));
  if (similar !== (variant === 'similar_distractors')) return null;
  // Keep the ids in a stable order (obj0, obj1, ...) whichever distractors were dropped.
  scene.objects.sort((a, b) => Number(a.id.slice(3)) - Number(b.id.slice(3)));
  const instruction = makeInstruction(task, scene, rng, variant === 'heldout_paraphrases' ? 'heldout' : 'seen');
  return { seed, variant, task, scene, instruction };
}

interface Combos {
  target: Combo;
  reference: Combo | null;
  /** Distractors, similar ones included. */
  others: Combo[];
}

function chooseCombos(rng: Rng, variant: VariantName, family: TaskFamily, wanted: Combo | null): Combos | null {
  const target = wanted ?? rng.pick(targetCombos(variant));
  const used: Combo[] = [target];
  const containers = () => used.filter((c) => KIND_SPECS[c.kind].container).length;
  const unrelated = (c: Combo) => c.kind !== target.kind && c.colour !== target.colour;
  const free = (c: Combo) => !used.some((u) => u.kind === c.kind && u.colour === c.colour);
  const take = (pool: Combo[]): Combo | null => {
    const options = pool.filter((c) => free(c) && (!KIND_SPECS[c.kind].container || containers() < MAX_CONTAINERS));
    if (options.length === 0) return null;
    const c = rng.pick(options);
    used.push(c);
    return c;
  };
  const total = OBJECT_COUNT[0] + rng.int(OBJECT_COUNT[1] - OBJECT_COUNT[0] + 1);
  let reference: Combo | null = null;
  if (family !== 'pick') {
    const kinds: readonly ObjectKind[] | undefined = family === 'place' ? CONTAINER_KINDS : undefined;
    reference = take(seenCombos(kinds).filter(unrelated));
    if (!reference) return null;
  }
  const others: Combo[] = [];
  if (variant === 'similar_distractors') {
    const count = total >= 5 && rng.next() < 0.5 ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const sameKind = rng.next() < 0.5;
      const pool = seenCombos().filter((c) => (sameKind ? c.kind === target.kind : c.colour === target.colour && c.kind !== target.kind));
      const c = take(pool);
      if (c) others.push(c);
    }
  }
  while (used.length < total) {
    const c = take(seenCombos().filter(unrelated));
    if (!c) break;
    others.push(c);
  }
  return { target, reference, others };
}

function makeObject(rng: Rng, c: Combo, id: string): SimObject {
  const spec = KIND_SPECS[c.kind];
  const sx = rng.uniform(spec.sx[0], spec.sx[1]);
  const sy = spec.sy ? rng.uniform(spec.sy[0], spec.sy[1]) : sx;
  const sz = spec.sz ? rng.uniform(spec.sz[0], spec.sz[1]) : sx;
  return { id, kind: c.kind, colour: c.colour, size: { sx, sy, sz }, pos: [0, 0, 0], yaw: 0 };
}
