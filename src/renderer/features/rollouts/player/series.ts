/**
 * The plots of a rollout, computed from its record: executed actions against the first row of the
 * chunk predicted at each step, the gripper's opening, and the grounding error (signals.ts) in the
 * policy's camera. A plot whose data the record does not carry is left out, and `missingData` says so.
 */
import type uPlot from 'uplot';
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import type { StepSignals } from '../../../../shared/rollouts/signals';
import type { PlotLine } from '../../../components/SignalPlot/plotOptions';

/** The studio's series palette (as the episode signals use), one colour per action dim. */
export const DIM_COLORS = ['#5b9cf5', '#f2994a', '#5fc27e', '#eb5757', '#b48ce6', '#e8c547', '#4fc1c6', '#f08fc0'];
/** The sim's action layout, which LIBERO-style 7-dof end-effector actions share. */
const SEVEN_DOF = ['dx', 'dy', 'dz', 'droll', 'dpitch', 'dyaw', 'gripper'];

export interface PlotSpec {
  key: string;
  title: string;
  /** As drawn (scaled to [0, 1] per dim when yMode is 'unit'). */
  data: uPlot.AlignedData;
  /** As printed in the legend: real values. */
  legendData: uPlot.AlignedData;
  lines: PlotLine[];
  valueHeads: string[];
  yMode: 'auto' | 'unit';
}

type Column = (number | null)[];

/** Names of the action dims, from the longest executed action or chunk row. */
export function actionDims(record: Pick<RolloutRecord, 'steps'>): string[] {
  let n = 0;
  for (const s of record.steps) n = Math.max(n, s.executed?.length ?? 0, s.chunk?.[0]?.length ?? 0);
  return n === SEVEN_DOF.length ? [...SEVEN_DOF] : Array.from({ length: n }, (_, i) => `a${i}`);
}

const frames = (record: Pick<RolloutRecord, 'steps'>) => record.steps.map((s) => s.t);
const hasValue = (c: Column) => c.some((v) => v !== null);

/** Scales columns to [0, 1] together (one range for executed and predicted of a dim); flat ones sit at 0.5. */
export function scaleTogether(columns: Column[]): Column[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of columns) for (const v of c) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const span = hi - lo;
  return columns.map((c) => c.map((v) => (v === null ? null : span > 1e-12 ? (v - lo) / span : 0.5)));
}

/**
 * Executed (solid) and predicted first chunk row (dashed) of the chosen dims, each dim scaled to its own
 * range so that all fit one small plot; the legend prints the real values. Drawn on a plain 0..1 axis
 * (not the unit mode's bare one) so its time axis lines up with the plots under it. The predicted
 * lines are left out of a record without chunks. Null without any action.
 */
export function actionPlot(record: Pick<RolloutRecord, 'steps'>, dims: number[]): PlotSpec | null {
  const names = actionDims(record);
  const chosen = dims.filter((d) => d >= 0 && d < names.length);
  if (chosen.length === 0) return null;
  const withChunks = record.steps.some((s) => s.chunk?.[0]?.length);
  const raw: Column[] = [];
  const drawn: Column[] = [];
  const lines: PlotLine[] = [];
  for (const d of chosen) {
    const executed = record.steps.map((s) => s.executed?.[d] ?? null);
    const predicted = record.steps.map((s) => s.chunk?.[0]?.[d] ?? null);
    if (!hasValue(executed) && !hasValue(predicted)) continue;
    const color = DIM_COLORS[d % DIM_COLORS.length]!;
    const columns = withChunks ? [executed, predicted] : [executed];
    raw.push(...columns);
    drawn.push(...scaleTogether(columns));
    lines.push({ label: names[d]!, color, dashed: false, tag: 'executed' });
    if (withChunks) lines.push({ label: names[d]!, color, dashed: true, tag: 'predicted' });
  }
  if (lines.length === 0) return null;
  const x = frames(record);
  return {
    key: 'actions',
    title: 'Actions',
    data: [x, ...drawn] as uPlot.AlignedData,
    legendData: [x, ...raw] as uPlot.AlignedData,
    lines,
    valueHeads: withChunks ? ['exec', 'pred'] : ['exec'],
    yMode: 'auto',
  };
}

/** The gripper's opening from the state (its last dim, as the sim and 7-dof records keep it). */
export function gripperPlot(record: Pick<RolloutRecord, 'steps'>): PlotSpec | null {
  const opening = record.steps.map((s) => (s.state && s.state.length > 0 ? s.state[s.state.length - 1]! : null));
  if (!hasValue(opening)) return null;
  const x = frames(record);
  const data = [x, opening] as uPlot.AlignedData;
  return { key: 'gripper', title: 'Gripper opening', data, legendData: data, lines: [{ label: 'opening', color: '#4fc1c6', dashed: false }], valueHeads: [], yMode: 'auto' };
}

/** The compared rollout's grounding, drawn dashed under this one's on the same steps. */
export interface ComparedGrounding {
  signals: StepSignals[];
  policyCameraWidth: number | null;
  /** Legend label, e.g. "B #12". */
  label: string;
}

/** `values` of another rollout placed on this rollout's steps (null where it has no such step). */
function onSteps(x: number[], other: StepSignals[], value: (s: StepSignals) => number | null): Column {
  const byT = new Map(other.map((s) => [s.t, s]));
  return x.map((t) => {
    const s = byT.get(t);
    return s ? value(s) : null;
  });
}

/**
 * Grounding error over time: IoU of the predicted with the true box, and the predicted point's distance
 * from the target's centre in pixels of the policy camera. Each plot only where the record has both
 * sides; a compared rollout's curve joins it (dashed) where that rollout has the same signal.
 */
export function groundingPlots(signals: StepSignals[], policyCameraWidth: number | null, compared?: ComparedGrounding): PlotSpec[] {
  const x = signals.map((s) => s.t);
  const out: PlotSpec[] = [];
  const plot = (key: string, title: string, label: string, color: string, value: (s: StepSignals, width: number) => number | null, width: number, otherWidth: number) => {
    const own = signals.map((s) => value(s, width));
    if (!hasValue(own)) return;
    const columns: Column[] = [own];
    const lines: PlotLine[] = [{ label, color, dashed: false }];
    const other = compared && onSteps(x, compared.signals, (s) => value(s, otherWidth));
    if (compared && other && hasValue(other)) {
      columns.push(other);
      lines.push({ label: `${label} ${compared.label}`, color, dashed: true });
    }
    const data = [x, ...columns] as uPlot.AlignedData;
    out.push({ key, title, data, legendData: data, lines, valueHeads: [], yMode: 'auto' });
  };
  const px = (s: StepSignals, width: number) => (s.pointError === null || width <= 0 ? null : s.pointError * width);
  plot('iou', 'Box IoU (pred vs true)', 'IoU', '#e8c547', (s) => s.iou, 0, 0);
  plot('point', 'Point error (px)', 'distance', '#f08fc0', px, policyCameraWidth ?? 0, compared?.policyCameraWidth ?? 0);
  return out;
}

/** What the record does not carry, in words for the note under the player; empty for a full sim record. */
export function missingData(record: Pick<RolloutRecord, 'steps' | 'policyCamera' | 'source'>, cameras: number): string[] {
  const has = (f: (s: RolloutRecord['steps'][number]) => unknown) => record.steps.some(f);
  const missing: string[] = [];
  if (cameras === 0) missing.push('video');
  if (!has((s) => s.executed?.length)) missing.push('executed actions');
  if (!has((s) => s.chunk?.length)) missing.push('predicted action chunks');
  if (!has((s) => s.state?.length)) missing.push('robot state');
  if (record.policyCamera === null || !has((s) => s.predicted?.box || s.predicted?.point)) missing.push('predicted point or box');
  if (!has((s) => s.truth && Object.keys(s.truth).length > 0)) missing.push('ground truth');
  if (record.source !== 'sim' && !has((s) => s.events?.length)) missing.push('events');
  return missing;
}
