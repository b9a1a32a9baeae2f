/**
 * Language instructions from templates. Each family has seen paraphrases (training and most
 * variants) and held-out ones (only the heldout_paraphrases variant). Objects are always named by
 * colour and noun; the scene sampler keeps colour-noun pairs unique so every name is unambiguous.
 */
import { KIND_SPECS } from './catalog';
import type { TaskFamily, TaskSpec } from './contracts';
import { SimInputError, oneOf } from './errors';
import type { Rng } from './rng';
import { findObject } from './tasks';
import { COLOURS, OBJECT_KINDS, type ColourName, type ObjectKind, type SceneState, type SimObject } from './types';

export type ParaphraseSet = 'seen' | 'heldout';

/** Placeholders: {target}, {ref}, {side}, and prepositions {in}, {into}, {inside} that suit the container. */
export const INSTRUCTION_TEMPLATES: Readonly<Record<TaskFamily, Readonly<Record<ParaphraseSet, readonly string[]>>>> = {
  pick: {
    seen: ['pick up the {target}', 'grab the {target}', 'lift the {target}', 'pick the {target} up'],
    heldout: ['raise the {target} off the table', 'take hold of the {target} and lift it'],
  },
  place: {
    seen: ['put the {target} {in} the {ref}', 'place the {target} {in} the {ref}', 'move the {target} {into} the {ref}'],
    heldout: ['place the {target} {inside} the {ref}', 'drop the {target} {into} the {ref}'],
  },
  near: {
    seen: ['move the {target} next to the {ref}', 'put the {target} near the {ref}', 'place the {target} beside the {ref}'],
    heldout: ['set the {target} down close to the {ref}', 'bring the {target} over by the {ref}'],
  },
  push: {
    seen: ['push the {target} to the {side} of the {ref}', 'slide the {target} to the {side} of the {ref}'],
    heldout: ['nudge the {target} over to the {side} of the {ref}', 'shove the {target} until it is {side} of the {ref}'],
  },
};

const PREPOSITIONS: Record<'bowl' | 'flat', { in: string; into: string; inside: string }> = {
  bowl: { in: 'in', into: 'into', inside: 'inside' },
  flat: { in: 'on', into: 'onto', inside: 'on top of' },
};

/** "red can": how instructions name an object. */
export function describeObject(o: Pick<SimObject, 'kind' | 'colour'>): string {
  return `${o.colour} ${KIND_SPECS[o.kind].noun}`;
}

/** Fills one template for the task. */
export function fillTemplate(template: string, task: TaskSpec, scene: SceneState): string {
  const target = findObject(scene, task.targetId);
  const ref = task.referenceId === null ? null : findObject(scene, task.referenceId);
  const preps = PREPOSITIONS[ref?.kind === 'bowl' ? 'bowl' : 'flat'];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'target':
        return describeObject(target);
      case 'ref':
        if (!ref) throw new SimInputError(`template "${template}" needs a reference object`);
        return describeObject(ref);
      case 'side':
        if (!task.side) throw new SimInputError(`template "${template}" needs a side`);
        return task.side;
      case 'in':
      case 'into':
      case 'inside':
        return preps[key];
      default:
        throw new SimInputError(`unknown placeholder {${key}} in template "${template}"`);
    }
  });
}

/** Every phrasing of the task in one paraphrase set. */
export function allInstructions(task: TaskSpec, scene: SceneState, set: ParaphraseSet): string[] {
  return INSTRUCTION_TEMPLATES[task.family][set].map((t) => fillTemplate(t, task, scene));
}

export function makeInstruction(task: TaskSpec, scene: SceneState, rng: Rng, set: ParaphraseSet): string {
  return fillTemplate(rng.pick(INSTRUCTION_TEMPLATES[task.family][set]), task, scene);
}

/** Parses "red can" (colour, then the kind's noun), naming the bad word if it is not one we know. */
export function parseObjectName(name: string): { colour: ColourName; kind: ObjectKind } {
  const words = name.trim().toLowerCase().split(/\s+/);
  if (words.length !== 2) throw new SimInputError(`object name must be "<colour> <kind>", got "${name}"`);
  const colour = oneOf('object colour', words[0]!, COLOURS);
  const nouns = OBJECT_KINDS.map((k) => KIND_SPECS[k].noun);
  const noun = oneOf('object kind', words[1]!, nouns);
  return { colour, kind: OBJECT_KINDS[nouns.indexOf(noun)]! };
}

/** The object in the scene with that name; SimInputError if the name is unknown or absent. */
export function resolveObject(scene: SceneState, name: string): SimObject {
  const { colour, kind } = parseObjectName(name);
  const found = scene.objects.filter((o) => o.colour === colour && o.kind === kind);
  if (found.length !== 1) throw new SimInputError(`the scene has ${found.length} objects named "${name}"`);
  return found[0]!;
}
