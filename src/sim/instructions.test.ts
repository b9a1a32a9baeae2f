import { describe, expect, it } from 'vitest';
import { TASK_FAMILIES, type TaskSpec } from './contracts';
import { SimInputError } from './errors';
import { INSTRUCTION_TEMPLATES, allInstructions, fillTemplate, parseObjectName, resolveObject } from './instructions';
import { fixtureObject, fixtureScene } from './physicsFixtures';

const scene = fixtureScene([
  fixtureObject('a', 'can', 0, 0, { colour: 'red' }),
  fixtureObject('b', 'bowl', 0.2, 0, { colour: 'blue' }),
  fixtureObject('c', 'plate', -0.1, 0.2, { colour: 'white' }),
]);

describe('instructions', () => {
  it('names objects by colour and noun, with prepositions that fit the container', () => {
    const bowl: TaskSpec = { family: 'place', targetId: 'a', referenceId: 'b', side: null };
    const plate: TaskSpec = { ...bowl, referenceId: 'c' };
    expect(fillTemplate('put the {target} {in} the {ref}', bowl, scene)).toBe('put the red can in the blue bowl');
    expect(fillTemplate('put the {target} {in} the {ref}', plate, scene)).toBe('put the red can on the white plate');
    expect(fillTemplate('place the {target} {inside} the {ref}', bowl, scene)).toBe('place the red can inside the blue bowl');
    const push: TaskSpec = { family: 'push', targetId: 'a', referenceId: 'b', side: 'left' };
    expect(allInstructions(push, scene, 'seen')).toContain('push the red can to the left of the blue bowl');
  });

  it('keeps held-out paraphrases apart from the seen ones for every family', () => {
    for (const family of TASK_FAMILIES) {
      const { seen, heldout } = INSTRUCTION_TEMPLATES[family];
      expect(seen.length).toBeGreaterThan(1);
      expect(heldout.length).toBeGreaterThan(0);
      for (const referenceId of [family === 'pick' ? null : 'b', family === 'pick' ? null : 'c']) {
        const task: TaskSpec = { family, targetId: 'a', referenceId, side: family === 'push' ? 'right' : null };
        const seenTexts = new Set(allInstructions(task, scene, 'seen'));
        for (const text of allInstructions(task, scene, 'heldout')) expect(seenTexts.has(text)).toBe(false);
      }
    }
  });

  it('parses and resolves object names, naming the word it does not know', () => {
    expect(parseObjectName(' Red  Can ')).toEqual({ colour: 'red', kind: 'can' });
    expect(resolveObject(scene, 'blue bowl').id).toBe('b');
    expect(() => parseObjectName('red')).toThrow(SimInputError);
    expect(() => parseObjectName('gold can')).toThrow(/unknown object colour "gold"/);
    expect(() => parseObjectName('red mug')).toThrow(/unknown object kind "mug"/);
    expect(() => resolveObject(scene, 'green can')).toThrow(/0 objects named "green can"/);
  });
});
