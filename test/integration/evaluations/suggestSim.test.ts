/**
 * Suggested failure tags on real sim rollouts with planted failures, recorded through the same path a
 * checkpoint takes (recordSuite): a policy that goes for a distractor and says so with its box is
 * wrong_object; one whose box sits on the target but never closes the gripper is missed_grasp; one that
 * lifts the target and lets go is dropped_object; one that lifts it and holds on until time runs out is
 * timeout; the scripted expert's successes get no tag.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { suggestFailureTag } from '../../../src/core/evaluations/suggest';
import { DEFAULT_FAILURE_TAGS, ROLLOUT_FILE, RolloutRecord, type Spatial } from '../../../src/shared/rollouts/record';
import { onTargetShare, rolloutSignals } from '../../../src/shared/rollouts/signals';
import { makeCameras } from '../../../src/sim/camera';
import type { Observation, PolicySlot } from '../../../src/sim/contracts';
import { createExpertPolicy } from '../../../src/sim/expert';
import { stepTruth } from '../../../src/sim/rolloutTruth';
import type { Action } from '../../../src/sim/types';
import { recordSuite, type ChunkPolicy } from '../../../src/worker/eval/record';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-suggest-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const size = { width: 96, height: 72 };
const front = makeCameras(size.width, size.height).find((c) => c.name === 'front')!;
const taxonomy = [...DEFAULT_FAILURE_TAGS];

/** Where an object of the scene is in the front camera, as the policy would predict it. */
function boxOf(slot: PolicySlot, objectId: string): Spatial {
  const target = stepTruth([front], slot.scene, objectId).front!.target!;
  return { ...(target.box && { box: target.box }), ...(target.point && { point: target.point }) };
}

/** A distractor: an object that is neither the target nor the reference. */
function distractorOf(slot: PolicySlot): string {
  const { targetId, referenceId } = slot.info.task;
  const other = slot.scene.objects.find((o) => o.id !== targetId && o.id !== referenceId);
  if (!other) throw new Error(`seed ${slot.info.seed} has no distractor`);
  return other.id;
}

function policy(act: (obs: Observation, slot: PolicySlot) => Action, look: (slot: PolicySlot) => string): ChunkPolicy {
  return {
    chunk: 1,
    camera: 'front',
    predict: (obs, slots) => obs.map((o, i) => [act(o, slots[i]!)]),
    ground: (_obs, slots) => slots.map((slot) => boxOf(slot, look(slot))),
  };
}

async function record(name: string, chunkPolicy: ChunkPolicy, variant = 'similar_distractors', families = ['pick']): Promise<RolloutRecord[]> {
  const outDir = join(temp, name);
  const summary = await recordSuite(chunkPolicy, { outDir, size, suite: { variants: [variant], episodesPerVariant: 2, baseSeed: 20, batchSize: 2, families } });
  return summary.rollouts.map((r) => RolloutRecord.parse(JSON.parse(readFileSync(join(outDir, r, ROLLOUT_FILE), 'utf8'))));
}

const expert = createExpertPolicy({ noise: false });
const target = (slot: PolicySlot) => slot.info.task.targetId;
/** How far the target is above where it started. */
const raised = (slot: PolicySlot) => {
  const now = slot.scene.objects.find((o) => o.id === target(slot))!;
  const start = slot.info.scene.objects.find((o) => o.id === target(slot))!;
  return now.pos[2] - start.pos[2];
};
const lifted = (slot: PolicySlot, by: number) => slot.scene.gripper.held === target(slot) && raised(slot) > by;

describe('suggested tags on planted sim failures', () => {
  it('a policy after a distractor, its box on the distractor, is wrong_object', async () => {
    // The expert, told the distractor is the target, until it holds it; then it holds on.
    const seeker = policy(
      (o, slot) => slot.scene.gripper.held === distractorOf(slot)
        ? [0, 0, 0, 0, 0, 0, 1]
        : expert.actOne(o.state, { ...slot, info: { ...slot.info, task: { ...slot.info.task, targetId: distractorOf(slot) } } }),
      distractorOf,
    );
    const records = await record('distractor', seeker);
    for (const r of records) {
      expect(r.success).toBe(false);
      const events = r.steps.flatMap((s) => s.events ?? []);
      expect(events).toContain('grasp_other');
      expect(events).not.toContain('grasp');
      expect(onTargetShare(rolloutSignals(r))).toBeLessThan(0.5);
      expect(suggestFailureTag(r, taxonomy)).toBe('wrong_object');
    }
  }, 120_000);

  it('a policy looking at the target that never closes the gripper is missed_grasp', async () => {
    const idle = policy(() => [0, 0, 0, 0, 0, 0, 0], target);
    for (const r of await record('idle', idle, 'in_distribution')) {
      expect(r).toMatchObject({ success: false, reason: 'timeout' });
      expect(onTargetShare(rolloutSignals(r))).toBe(1);
      expect(suggestFailureTag(r, taxonomy)).toBe('missed_grasp');
    }
  }, 120_000);

  it('one that lifts the target and lets go is dropped_object; one that holds it until time runs out is timeout', async () => {
    // Open the gripper once it is 6 cm up, and keep it open while the target falls.
    const letGo = (slot: PolicySlot) => lifted(slot, 0.06) || (slot.scene.gripper.held === null && slot.step > 0 && raised(slot) > 0.01);
    const dropper = policy((o, slot) => (letGo(slot) ? [0, 0, 0, 0, 0, 0, 0] : expert.actOne(o.state, slot)), target);
    for (const r of await record('drop', dropper, 'in_distribution', ['place'])) {
      expect(r).toMatchObject({ success: false, reason: 'dropped_object' });
      expect(suggestFailureTag(r, taxonomy)).toBe('dropped_object');
    }
    // Lifted, then held still with the gripper closed.
    const holder = policy((o, slot) => (lifted(slot, 0.06) ? [0, 0, 0, 0, 0, 0, 1] : expert.actOne(o.state, slot)), target);
    for (const r of await record('hold', holder, 'in_distribution', ['place'])) {
      expect(r).toMatchObject({ success: false, reason: 'timeout' });
      expect(suggestFailureTag(r, taxonomy)).toBe('timeout');
    }
  }, 180_000);

  it('the scripted expert looking at the target succeeds and gets no tag', async () => {
    const good = policy((o, slot) => expert.actOne(o.state, slot), target);
    const records = await record('expert', good);
    expect(records.filter((r) => r.success).length).toBeGreaterThanOrEqual(1);
    for (const r of records) if (r.success) expect(suggestFailureTag(r, taxonomy)).toBeNull();
  }, 120_000);
});
