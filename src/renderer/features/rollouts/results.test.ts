import { describe, expect, it } from 'vitest';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { wilsonInterval } from '../../../shared/stats/wilson';
import { buildEvaluationStart, checkpointChoices, DEFAULT_EVALUATION_FORM, issuesByField } from './evaluationForm';
import { locate, pagesFor, tagCounts, totalOf } from './failureRows';
import { chartData } from './ResultsChart';
import { formatInterval, formatRate, NO_VARIANT, resultsTable, summarise, variantOrder } from './results';
import { tagForKey } from './TagPicker';
import { draftOf, draftProblems, isDirty, moveTag, newDraftTag, taxonomyInput } from './taxonomyDraft';

let nextId = 1;
function rollout(patch: Partial<RolloutSummary> = {}): RolloutSummary {
  const id = nextId++;
  return {
    id, evaluationId: 1, checkpointId: null, index: id, source: 'generic', variant: 'in_distribution', seed: id, taskFamily: null,
    instruction: `task ${id}`, success: true, reason: 'success', steps: 10, fps: 10, cameras: [], folder: `rollouts/${id}`,
    suggestedTag: null, tag: null, taggedBy: null, taggedAt: null, createdAt: 1, ...patch,
  };
}

describe('results per variant', () => {
  it('counts successes over the rollouts with a known outcome, with their Wilson interval and mean steps', () => {
    const rows = [
      rollout({ success: true, steps: 10 }), rollout({ success: true, steps: 20 }), rollout({ success: false, steps: 60 }),
      rollout({ success: null, steps: 30 }),
    ];
    const r = summarise(rows);
    expect(r).toEqual({ rollouts: 4, known: 3, successes: 2, rate: 2 / 3, ci: wilsonInterval(2, 3), meanSteps: 30 });
    expect(summarise([])).toEqual({ rollouts: 0, known: 0, successes: 0, rate: null, ci: [0, 1], meanSteps: null });
    expect(formatRate(r.rate)).toBe('67%');
    expect(formatRate(null)).toBe('–');
    expect(formatInterval(wilsonInterval(8, 10))).toBe('49–94%');
  });

  it('lays evaluations side by side on the union of their variants, in the environment\'s order', () => {
    const a = [rollout({ evaluationId: 1, variant: 'unseen_objects', success: false }), rollout({ evaluationId: 1, variant: 'in_distribution' }), rollout({ evaluationId: 1, variant: null })];
    const b = [rollout({ evaluationId: 2, variant: 'in_distribution', success: false }), rollout({ evaluationId: 2, variant: 'custom' })];
    const table = resultsTable([1, 2], { 1: a, 2: b });
    expect(table.variants).toEqual(['in_distribution', 'unseen_objects', 'custom', NO_VARIANT]);
    expect(table.cells[1]!['in_distribution']).toMatchObject({ rollouts: 1, successes: 1, rate: 1 });
    expect(table.cells[2]!['in_distribution']).toMatchObject({ rollouts: 1, successes: 0, rate: 0 });
    expect(table.cells[2]!['unseen_objects']).toBeUndefined();
    expect(table.totals[1]).toMatchObject({ rollouts: 3, successes: 2 });
    expect(variantOrder(['b', 'similar_distractors', 'a', 'in_distribution'])).toEqual(['in_distribution', 'similar_distractors', 'a', 'b']);
  });

  it('places each evaluation\'s dot and interval at its own offset within a variant', () => {
    const table = resultsTable([1, 2], {
      1: [rollout({ evaluationId: 1, variant: 'in_distribution', success: true }), rollout({ evaluationId: 1, variant: 'unseen_objects', success: false })],
      2: [rollout({ evaluationId: 2, variant: 'in_distribution', success: false })],
    });
    const { data, lows, highs } = chartData(table, [{ id: 1, label: 'a' }, { id: 2, label: 'b' }]);
    const [xs, one, two] = data as unknown as [number[], (number | null)[], (number | null)[]];
    expect(xs).toHaveLength(4);
    expect(xs[0]).toBeLessThan(0);
    expect(xs[1]).toBeGreaterThan(0);
    expect(xs[2]).toBeGreaterThan(0.5);
    expect(one).toEqual([1, null, 0, null]);
    expect(two).toEqual([null, 0, null, null]);
    expect(lows[0]![0]).toBeCloseTo(wilsonInterval(1, 1)[0]);
    expect(highs[1]![1]).toBeCloseTo(wilsonInterval(0, 1)[1]);
  });
});

describe('failures list', () => {
  const segments = [{ evaluationId: 1, total: 3 }, { evaluationId: 2, total: 450 }];

  it('reads several evaluations as one list and asks for the pages a range needs', () => {
    expect(totalOf(segments)).toBe(453);
    expect(locate(segments, 2)).toEqual({ segment: 0, offset: 2 });
    expect(locate(segments, 3)).toEqual({ segment: 1, offset: 0 });
    expect(locate(segments, 453)).toBeNull();
    expect(pagesFor(segments, 0, 10, 200)).toEqual([{ segment: 0, offset: 0 }, { segment: 1, offset: 0 }]);
    expect(pagesFor(segments, 190, 420, 200)).toEqual([{ segment: 1, offset: 0 }, { segment: 1, offset: 200 }, { segment: 1, offset: 400 }]);
    expect(pagesFor(segments, 440, 999, 200)).toEqual([{ segment: 1, offset: 400 }]);
    expect(pagesFor([], 0, 10)).toEqual([]);
  });

  it('counts rollouts by tag within the other filters', () => {
    const counts = [
      { checkpointId: null, variant: 'a', tag: null, rollouts: 5, successes: 4, confirmed: 0 },
      { checkpointId: null, variant: 'a', tag: 'missed_grasp', rollouts: 3, successes: 0, confirmed: 1 },
      { checkpointId: 7, variant: 'b', tag: 'missed_grasp', rollouts: 2, successes: 0, confirmed: 2 },
      { checkpointId: 7, variant: 'b', tag: 'wrong_object', rollouts: 4, successes: 0, confirmed: 0 },
    ];
    expect(tagCounts(counts, {})).toEqual([
      { tag: 'missed_grasp', rollouts: 5, confirmed: 3 },
      { tag: 'wrong_object', rollouts: 4, confirmed: 0 },
      { tag: null, rollouts: 5, confirmed: 0 },
    ]);
    expect(tagCounts(counts, { variant: 'a', success: false })).toEqual([{ tag: 'missed_grasp', rollouts: 3, confirmed: 1 }, { tag: null, rollouts: 1, confirmed: 0 }]);
    expect(tagCounts(counts, { checkpointId: null, success: true })).toEqual([{ tag: null, rollouts: 4, confirmed: 0 }]);
  });

  it('maps number keys to the taxonomy\'s first nine tags, 0 to clearing', () => {
    const taxonomy = ['a', 'b'].map((name) => ({ name, description: '', color: null, rolloutCount: 0 }));
    expect(tagForKey('2', taxonomy)).toBe('b');
    expect(tagForKey('0', taxonomy)).toBeNull();
    expect(tagForKey('3', taxonomy)).toBeUndefined();
    expect(tagForKey('x', taxonomy)).toBeUndefined();
  });
});

describe('taxonomy draft', () => {
  const saved = ['wrong_object', 'missed_grasp', 'other'].map((name) => ({ name, description: `${name}!`, color: null, rolloutCount: 1 }));

  it('sends a rename with `from`, keeps the order the user made, and adds new tags without one', () => {
    let draft = draftOf(saved);
    expect(isDirty(draft, saved)).toBe(false);
    draft = draft.map((t) => (t.name === 'wrong_object' ? { ...t, name: ' grounding ' } : t));
    draft = moveTag(draft, draft[2]!.key, -1);
    draft = [...draft.filter((t) => t.name !== 'missed_grasp'), newDraftTag('collision')];
    expect(isDirty(draft, saved)).toBe(true);
    expect(taxonomyInput(draft)).toEqual([
      { name: 'grounding', description: 'wrong_object!', color: null, from: 'wrong_object' },
      { name: 'other', description: 'other!', color: null },
      { name: 'collision', description: '', color: null },
    ]);
    expect(moveTag(draft, draft[0]!.key, -1).map((t) => t.key)).toEqual(draft.map((t) => t.key));
  });

  it('names empty and repeated tags before the round trip', () => {
    const draft = [...draftOf(saved), newDraftTag('Other'), newDraftTag(' ')];
    expect(draftProblems(draft)).toEqual(['"Other" is in the list twice', 'Tag 5 has no name']);
    expect(draftProblems([])).toEqual(['The taxonomy needs at least one tag']);
  });
});

describe('new evaluation form', () => {
  it('needs a checkpoint, and sends execute or ensemble, never both', () => {
    expect(buildEvaluationStart(DEFAULT_EVALUATION_FORM)).toEqual({ issues: { checkpointId: 'Pick a checkpoint to evaluate' } });
    const base = { ...DEFAULT_EVALUATION_FORM, checkpointId: 4, variants: ['in_distribution' as const], episodes: 5, seed: 3, execute: 4, batchSize: 2 };
    expect(buildEvaluationStart(base)).toEqual({ input: { checkpointId: 4, variants: ['in_distribution'], episodes: 5, seed: 3, execute: 4, batchSize: 2 } });
    expect(buildEvaluationStart({ ...base, mode: 'ensemble', decay: 0.5, name: ' ablation ' })).toEqual({
      input: { checkpointId: 4, name: 'ablation', variants: ['in_distribution'], episodes: 5, seed: 3, ensemble: { decay: 0.5 }, batchSize: 2 },
    });
  });

  it('lists checkpoints by run, latest step first, and keys backend issues by field', () => {
    const run = (id: number, name: string) => ({ id, name }) as never;
    const ckpt = (id: number, step: number, isBest = false) => ({ id, runId: 0, step, isBest }) as never;
    expect(checkpointChoices([run(2, 'b'), run(1, 'a')], { 1: [ckpt(10, 100), ckpt(11, 200, true)], 2: [ckpt(20, 50)] })).toEqual([
      { id: 20, runId: 2, runName: 'b', step: 50, isBest: false },
      { id: 11, runId: 1, runName: 'a', step: 200, isBest: true },
      { id: 10, runId: 1, runName: 'a', step: 100, isBest: false },
    ]);
    expect(issuesByField({ details: [{ path: ['episodes'], message: 'too big' }, { path: ['ensemble', 'decay'], message: 'negative' }] })).toEqual({ episodes: 'too big', 'ensemble.decay': 'negative' });
    expect(issuesByField(new Error('x'))).toEqual({});
  });
});
