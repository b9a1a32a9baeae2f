/**
 * Timeline markers of a rollout: the events its record carries (grasp, release, drop …) and the step
 * where the prediction first left the target (signals.ts, the same rule failure tags use).
 */
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import { firstLeftTarget, type StepSignals } from '../../../../shared/rollouts/signals';
import type { TimelineMarker } from '../../../playback';

const EVENTS: Record<string, { label: string; color: string; title: string }> = {
  grasp: { label: 'grasp', color: '#4cb36c', title: 'The gripper closed on the target' },
  release: { label: 'release', color: '#5b9cf5', title: 'The gripper let go of the target' },
  drop: { label: 'drop', color: '#eb5757', title: 'The target fell: the episode ended here' },
  grasp_other: { label: 'grasp other', color: '#e0a431', title: 'The gripper closed on an object that is not the target' },
  release_other: { label: 'release other', color: '#e0a431', title: 'The gripper let go of an object that is not the target' },
};

export const LEFT_TARGET = { label: 'left target', color: '#b48ce6', title: 'The predicted box (or point) first left the target after having been on it' };

/** Markers in step order; an event the studio does not know is still shown, under its own name. */
export function rolloutMarkers(record: Pick<RolloutRecord, 'steps'>, signals: StepSignals[]): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  for (const step of record.steps) {
    for (const event of step.events ?? []) {
      const known = EVENTS[event];
      markers.push({ frame: step.t, label: known?.label ?? event, color: known?.color ?? '#8a93a2', title: known?.title ?? `Event "${event}"` });
    }
  }
  const left = firstLeftTarget(signals);
  if (left !== null) markers.push({ frame: left, ...LEFT_TARGET });
  return markers.sort((a, b) => a.frame - b.frame);
}
