import { describe, expect, it } from 'vitest';
import { SEEN_TABLE_COLOURS, UNSEEN_TABLE_COLOURS } from './catalog';
import { TASK_FAMILIES, VARIANTS, type VariantName } from './contracts';
import { SimInputError } from './errors';
import { allInstructions, describeObject } from './instructions';
import { objectsCollide } from './physicsBodies';
import { restingOn } from './physicsSupport';
import { OBJECT_COUNT, sampleEpisode } from './scene';
import { taskSuccess } from './tasks';
import { HELDOUT_COMBOS, HELDOUT_REGION, OBJECT_REGION, inRegion, isHeldoutCombo } from './variants';

const SEEDS = Array.from({ length: 60 }, (_, i) => i * 7 + 3);

function episodes(variant: VariantName) {
  return SEEDS.map((seed) => sampleEpisode(seed, variant));
}

const target = (e: ReturnType<typeof sampleEpisode>) => e.scene.objects.find((o) => o.id === e.task.targetId)!;

describe('scene sampling', () => {
  it('gives the same scene, task and instruction for the same seed, variant and family', () => {
    for (const family of TASK_FAMILIES) {
      expect(sampleEpisode(42, 'in_distribution', { family })).toEqual(sampleEpisode(42, 'in_distribution', { family }));
    }
    expect(sampleEpisode(42, 'in_distribution')).toEqual(sampleEpisode(42, 'in_distribution', { family: 'near' }));
    expect(sampleEpisode(42, 'in_distribution')).not.toEqual(sampleEpisode(43, 'in_distribution'));
  });

  it('lays out 3-6 uniquely named objects at rest on the table without overlaps, task not yet done', () => {
    for (const variant of VARIANTS) {
      for (const e of episodes(variant)) {
        const objects = e.scene.objects;
        expect(objects.length).toBeGreaterThanOrEqual(OBJECT_COUNT[0]);
        expect(objects.length).toBeLessThanOrEqual(OBJECT_COUNT[1]);
        expect(new Set(objects.map(describeObject)).size).toBe(objects.length);
        for (const o of objects) {
          expect(restingOn(e.scene, o)).toBe('table');
          expect(inRegion(OBJECT_REGION, o.pos[0], o.pos[1])).toBe(true);
          for (const p of objects) if (p !== o) expect(objectsCollide(o, p)).toBe(false);
        }
        expect(taskSuccess(e.task, e.scene, { targetLifted: false })).toBe(false);
      }
    }
  });

  it('uses the families it is asked for, with a fitting reference', () => {
    for (const family of TASK_FAMILIES) {
      const e = sampleEpisode(5, 'in_distribution', { family });
      expect(e.task.family).toBe(family);
      const ref = e.scene.objects.find((o) => o.id === e.task.referenceId);
      if (family === 'pick') expect(ref).toBeUndefined();
      if (family === 'place') expect(['bowl', 'plate', 'tray']).toContain(ref!.kind);
      expect(e.task.side === null).toBe(family !== 'push');
      expect(e.instruction).toContain(describeObject(target(e)));
    }
  });

  it('can be asked for a particular target', () => {
    const e = sampleEpisode(9, 'in_distribution', { family: 'place', target: 'red can' });
    expect(describeObject(target(e))).toBe('red can');
  });
});

describe('variants', () => {
  it('puts the unseen_positions target in the held-out region, and never elsewhere', () => {
    for (const e of episodes('unseen_positions')) expect(inRegion(HELDOUT_REGION, target(e).pos[0], target(e).pos[1])).toBe(true);
    for (const variant of VARIANTS.filter((v) => v !== 'unseen_positions')) {
      for (const e of episodes(variant)) expect(inRegion(HELDOUT_REGION, target(e).pos[0], target(e).pos[1])).toBe(false);
    }
  });

  it('makes the unseen_objects target a held-out combo, which no other variant ever shows', () => {
    for (const e of episodes('unseen_objects')) expect(isHeldoutCombo(target(e).kind, target(e).colour)).toBe(true);
    for (const variant of VARIANTS.filter((v) => v !== 'unseen_objects')) {
      for (const e of episodes(variant)) for (const o of e.scene.objects) expect(isHeldoutCombo(o.kind, o.colour)).toBe(false);
    }
    expect(HELDOUT_COMBOS.length).toBeGreaterThan(0);
  });

  it('uses unseen table colours only for new_background', () => {
    for (const e of episodes('new_background')) expect(UNSEEN_TABLE_COLOURS).toContainEqual(e.scene.tableColour);
    for (const e of episodes('in_distribution')) expect(SEEN_TABLE_COLOURS).toContainEqual(e.scene.tableColour);
  });

  it('uses held-out paraphrases only for heldout_paraphrases, and they never appear among the seen ones', () => {
    for (const e of episodes('heldout_paraphrases')) {
      expect(allInstructions(e.task, e.scene, 'heldout')).toContain(e.instruction);
      expect(allInstructions(e.task, e.scene, 'seen')).not.toContain(e.instruction);
    }
    for (const e of episodes('in_distribution')) expect(allInstructions(e.task, e.scene, 'seen')).toContain(e.instruction);
  });

  it('adds a same-kind or same-colour distractor only for similar_distractors', () => {
    const similar = (e: ReturnType<typeof sampleEpisode>) =>
      e.scene.objects.some((o) => o.id !== e.task.targetId && (o.kind === target(e).kind || o.colour === target(e).colour));
    for (const e of episodes('similar_distractors')) expect(similar(e)).toBe(true);
    for (const e of episodes('in_distribution')) expect(similar(e)).toBe(false);
  });
});

describe('bad input', () => {
  it('names the bad seed, variant, family or target', () => {
    expect(() => sampleEpisode(-1, 'in_distribution')).toThrow(/seed/);
    expect(() => sampleEpisode(1.5, 'in_distribution')).toThrow(/seed must be an integer/);
    expect(() => sampleEpisode(Number.NaN, 'in_distribution')).toThrow(SimInputError);
    expect(() => sampleEpisode(2 ** 32, 'in_distribution')).toThrow(/seed/);
    expect(() => sampleEpisode(1, 'sideways')).toThrow(/unknown variant "sideways"/);
    expect(() => sampleEpisode(1, 'in_distribution', { family: 'stack' })).toThrow(/unknown task family "stack"/);
    expect(() => sampleEpisode(1, 'in_distribution', { target: 'mauve can' })).toThrow(/unknown object colour "mauve"/);
    expect(() => sampleEpisode(1, 'in_distribution', { target: 'red spoon' })).toThrow(/unknown object kind "spoon"/);
    expect(() => sampleEpisode(1, 'in_distribution', { target: 'red bowl' })).toThrow(/container/);
    expect(() => sampleEpisode(1, 'in_distribution', { target: 'purple can' })).toThrow(/held out/);
    expect(() => sampleEpisode(1, 'unseen_objects', { target: 'red can' })).toThrow(/not one of the held-out/);
  });
});
