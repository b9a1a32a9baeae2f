/** The worker's grounding question is the one training asks: core's renderQuestion over the same templates. */
import { describe, expect, it } from 'vitest';
import { defaultQaTemplates, renderQuestion } from '../../../src/core/exports/qaTemplates';
import { renderQuery, TRUTH_LABEL } from '../../../src/shared/rollouts/query';
import { defaultQuestions } from '../../../src/worker/eval/questions';

describe('grounding questions of a rollout', () => {
  it('read the default templates as core does and render the same text for the same record id', () => {
    const templates = defaultQaTemplates();
    const questions = defaultQuestions();
    for (const kind of ['point', 'box', 'trajectory'] as const) {
      expect(questions[kind]).toEqual(templates[kind].questions);
      for (const [id, instruction] of [['truth:3:box@7', 'pick up the red can'], ['rollout:x@0', 'Put the cube in the bowl.'], ['a', '']] as const) {
        expect(renderQuery(questions[kind], id, instruction)).toBe(renderQuestion(templates, kind, id, { instruction, label: TRUTH_LABEL }));
      }
    }
  });
});
