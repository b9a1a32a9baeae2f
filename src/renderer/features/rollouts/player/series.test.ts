import { describe, expect, it } from 'vitest';
import { rolloutSignals } from '../../../../shared/rollouts/signals';
import { rolloutMarkers } from './markers';
import { actionDims, actionPlot, gripperPlot, groundingPlots, missingData, scaleTogether } from './series';
import { testRecord } from './testing';

describe('rollout plot series', () => {
  it('pairs each chosen dim executed against the first row of the predicted chunk, real values in the legend', () => {
    const record = testRecord();
    expect(actionDims(record)).toEqual(['dx', 'dy', 'dz', 'droll', 'dpitch', 'dyaw', 'gripper']);
    const plot = actionPlot(record, [0, 6])!;
    expect(plot.lines.map((l) => `${l.label}:${l.dashed ? 'pred' : 'exec'}`)).toEqual(['dx:exec', 'dx:pred', 'gripper:exec', 'gripper:pred']);
    expect(plot.legendData[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plot.legendData[1]).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((t) => 0.01 * t));
    // Predicted only where a chunk was predicted (every other step).
    expect(plot.legendData[2]).toEqual([0, null, 2, null, 4, null, 6, null].map((t) => (t === null ? null : 0.012 * t)));
    // Drawn: executed and predicted of a dim scaled on one range, so their gap stays visible.
    expect(plot.data[1]![7]).toBeCloseTo(0.07 / 0.072);
    expect(plot.data[2]![6]).toBe(1);
    expect(plot.valueHeads).toEqual(['exec', 'pred']);
  });

  it('scales a flat column to the middle and leaves gaps as gaps', () => {
    expect(scaleTogether([[2, 2, null]])).toEqual([[0.5, 0.5, null]]);
    expect(scaleTogether([[0, 1], [null, 2]])).toEqual([[0, 0.5], [null, 1]]);
  });

  it('plots the gripper opening from the last state dim', () => {
    expect(gripperPlot(testRecord())!.data[1]).toEqual([0.08, 0.08, 0.08, 0.02, 0.02, 0.02, 0.02, 0.02]);
  });

  it('plots IoU and the point error in pixels of the policy camera, only where both sides exist', () => {
    const [iou, point] = groundingPlots(rolloutSignals(testRecord()), 320);
    expect(iou!.data[1]).toEqual([1, null, 1, null, 0, null, 0, null]);
    expect(point!.title).toBe('Point error (px)');
    expect(point!.data[1]![4]).toBeCloseTo(0.3 * 320);
    expect(groundingPlots(rolloutSignals(testRecord({ policyCamera: null })), null)).toEqual([]);
  });

  it('joins a compared rollout\'s grounding, dashed, on the same steps, padding where it ended sooner', () => {
    const other = testRecord({ steps: testRecord().steps.slice(0, 5).map((s) => (s.t === 4 ? { ...s, predicted: { box: [0.4, 0.4, 0.6, 0.6], point: [0.5, 0.5] } } : s)) });
    const [iou, point] = groundingPlots(rolloutSignals(testRecord()), 320, { signals: rolloutSignals(other), policyCameraWidth: 640, label: 'B #9' });
    expect(iou!.lines.map((l) => [l.label, l.dashed])).toEqual([['IoU', false], ['IoU B #9', true]]);
    expect(iou!.data[2]).toEqual([1, null, 1, null, 1, null, null, null]);
    // Each rollout's error in pixels of its own policy camera.
    expect(point!.data[2]![0]).toBe(0);
    expect(point!.data[1]![4]).toBeCloseTo(0.3 * 320);
    // A compared rollout without grounding adds nothing.
    const bare = testRecord({ policyCamera: null });
    expect(groundingPlots(rolloutSignals(testRecord()), 320, { signals: rolloutSignals(bare), policyCameraWidth: null, label: 'B' })[0]!.lines).toHaveLength(1);
  });

  it('says what an imported record did not carry, and a full sim record needs no note', () => {
    expect(missingData(testRecord(), 2)).toEqual([]);
    const imported = testRecord({ source: 'libero', policyCamera: null, steps: [{ t: 0, executed: [1, 2] }, { t: 1, executed: [1, 2] }] });
    expect(missingData(imported, 1)).toEqual(['predicted action chunks', 'robot state', 'predicted point or box', 'ground truth', 'events']);
    // No chunks: executed lines only, and no empty predicted column in the legend.
    expect(actionPlot(imported, [0, 1])!.lines.map((l) => `${l.label}:${l.dashed}`)).toEqual(['a0:false', 'a1:false']);
    expect(actionPlot(imported, [0, 1])!.valueHeads).toEqual(['exec']);
    expect(gripperPlot(imported)).toBeNull();
    expect(actionPlot(testRecord({ steps: [{ t: 0 }] }), [0])).toBeNull();
  });
});

describe('rollout timeline markers', () => {
  it('marks grasp, release, drop and the step the prediction left the target, in step order', () => {
    const record = testRecord();
    const markers = rolloutMarkers(record, rolloutSignals(record));
    expect(markers.map((m) => [m.frame, m.label])).toEqual([
      [2, 'grasp'],
      [4, 'left target'],
      [7, 'release'],
      [7, 'drop'],
    ]);
  });

  it('keeps an event it does not know under its own name, and has no left-target marker without grounding', () => {
    const record = testRecord({ policyCamera: null, steps: [{ t: 0 }, { t: 1, events: ['contact'] }] });
    expect(rolloutMarkers(record, rolloutSignals(record)).map((m) => [m.frame, m.label])).toEqual([[1, 'contact']]);
  });
});
