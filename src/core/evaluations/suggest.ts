/**
 * The failure tag an evaluation proposes for a rollout it recorded, read from the record alone: first
 * whether the policy looked at the right object at all (its predicted box or point on the target), then
 * what happened to the target (never grasped, dropped, grasped but not brought where asked), then the
 * termination reason. A person confirms or changes it in the review; a tag the project's taxonomy does
 * not have is never proposed.
 */
import type { RolloutRecord } from '../../shared/rollouts/record';
import { onTargetShare, rolloutSignals } from '../../shared/rollouts/signals';

/** Below this share of predicting steps on the target, the policy was after something else. */
export const ON_TARGET_MIN_SHARE = 0.5;

type Rule = (facts: Facts) => boolean;

interface Facts {
  record: Pick<RolloutRecord, 'success' | 'reason'>;
  /** Share of the steps with a prediction whose box (or point) was on the target; null without predictions. */
  onTarget: number | null;
  events: Set<string>;
  /** Whether the gripper still held the target at the end (its last grasp came after its last release). */
  heldAtEnd: boolean;
}

/** In order: the first rule that holds names the tag. */
const RULES: [tag: string, holds: Rule][] = [
  // A grounding failure: the prediction sat elsewhere, or the gripper took another object and never the target.
  ['wrong_object', (f) => (f.onTarget !== null && f.onTarget < ON_TARGET_MIN_SHARE) || (f.events.has('grasp_other') && !f.events.has('grasp'))],
  ['workspace_violation', (f) => f.record.reason === 'workspace_violation'],
  ['dropped_object', (f) => f.events.has('drop') || f.record.reason === 'dropped_object'],
  ['missed_grasp', (f) => !f.events.has('grasp')],
  // Put down, but not where asked; still holding it when time ran out is a plain timeout.
  ['wrong_place', (f) => f.record.reason === 'timeout' && !f.heldAtEnd],
  ['timeout', (f) => f.record.reason === 'timeout'],
  ['other', () => true],
];

/** The rule's tag for a failed rollout, or null for a success or a tag the taxonomy lacks. */
export function suggestFailureTag(record: Pick<RolloutRecord, 'success' | 'reason' | 'policyCamera' | 'steps'>, taxonomy: readonly string[]): string | null {
  if (record.success || record.reason === 'success') return null;
  const events = record.steps.flatMap((s) => s.events ?? []);
  const facts: Facts = {
    record,
    onTarget: onTargetShare(rolloutSignals(record)),
    events: new Set(events),
    heldAtEnd: events.lastIndexOf('grasp') > events.lastIndexOf('release'),
  };
  const tag = RULES.find(([, holds]) => holds(facts))![0];
  // A project that removed or renamed the tag gets no suggestion rather than a wrong one.
  return taxonomy.includes(tag) ? tag : null;
}
