import type { TrainingRun } from '../../../shared/contract/training';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { useEffect, useRef } from 'react';
import { formatMetric, TrainingChart, type ChartLine } from './TrainingChart';
import { isActive, type RunDetail, type RunProgress, type Series } from './trainingStore';
import { RunStatusBadge } from './RunStatusBadge';

export interface RunViewProps {
  detail: RunDetail;
  series: Series;
  progress: RunProgress | null;
  /** This window's notes on the run, ISO-stamped. */
  log: string[];
  /** The worker's persisted log, ISO-stamped. */
  workerLog: string[];
  error: unknown;
  onCancel(): void;
  onKill(): void;
  onResume(): void;
  onClone(): void;
}

const COLORS = ['#5b9cf5', '#f5c451', '#4cb36c', '#eb5757', '#b48ce6', '#56c2c9', '#e0a431'];

/** The charts of one run: which metrics go together on one set of axes. */
export function chartGroups(series: Series): { title: string; names: string[] }[] {
  const names = Object.keys(series);
  const groups = [
    { title: 'Losses', names: ['loss', 'loss/action', 'loss/point', 'loss/box', 'loss/trajectory'].filter((n) => series[n]) },
    // Sparse (every evalEvery steps); the rates share [0, 1] and the action L1, the pixel errors get their own axis.
    { title: 'Validation', names: VAL_METRICS.filter((m) => !m.px && series[m.name]).map((m) => m.name) },
    { title: 'Validation error (px at 224)', names: VAL_METRICS.filter((m) => m.px && series[m.name]).map((m) => m.name) },
    { title: 'Learning rate', names: ['lr'].filter((n) => series[n]) },
    { title: 'Samples/s', names: ['samples_per_sec'].filter((n) => series[n]) },
  ];
  const shown = new Set(groups.flatMap((g) => g.names));
  const rest = names.filter((n) => !shown.has(n));
  if (rest.length) groups.push({ title: 'Other', names: rest });
  return groups.filter((g) => g.names.length > 0);
}

export const lineOf = (series: Series, name: string, i: number, label = name): ChartLine =>
  ({ label, color: COLORS[i % COLORS.length]!, dashed: false, points: series[name] ?? [] });

/** The worker's validation metrics (src/worker/train/validate.ts), as a person reads them. */
export const VAL_METRICS = [
  { name: 'val/point_acc', label: 'point accuracy', px: false },
  { name: 'val/box_iou', label: 'box IoU', px: false },
  { name: 'val/box_acc50', label: 'box acc@0.5', px: false },
  { name: 'val/action_l1', label: 'action L1', px: false },
  { name: 'val/traj_ade', label: 'trajectory ADE', px: true },
  { name: 'val/traj_fde', label: 'trajectory FDE', px: true },
] as const;

/** A log line "2026-…Z text" as "hh:mm:ss  text" in local time; other lines as they are. */
export function formatLogLine(line: string): string {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (.*)$/.exec(line);
  return match ? `${new Date(match[1]!).toLocaleTimeString()}  ${match[2]}` : line;
}

const config = (run: TrainingRun) => run.config as { recipe?: string; preset?: string; backend?: string; hyperparameters?: { steps?: number; batchSize?: number } };

/** The cameras a run trains on as "front + side", the primary first; null when the run reads no frames. */
export function runCameras(run: TrainingRun): string | null {
  const data = (run.config as { data?: { camera?: unknown; secondCamera?: unknown } } | null)?.data;
  const names = [data?.camera, data?.secondCamera].filter((c): c is string => typeof c === 'string' && c.length > 0);
  return names.length > 0 ? names.join(' + ') : null;
}

export function RunView(p: RunViewProps) {
  const { run, checkpoints } = p.detail;
  const cfg = config(run);
  const total = p.progress?.total ?? cfg.hyperparameters?.steps ?? 0;
  const lastStep = Math.max(0, ...(p.series.loss ?? []).map((pt) => pt.step), p.progress?.step ?? 0);
  const active = isActive(run);
  const eta = active && p.progress?.eta != null ? `ETA ${formatEta(p.progress.eta)}` : null;
  const speed = p.progress ? `${p.progress.samplesPerSec.toFixed(0)} samples/s` : null;
  return (
    <div className="train-run" data-run={run.id} data-status={run.status}>
      <header className="train-run__head">
        <h3 className="train-run__name">{run.name}</h3>
        <RunStatusBadge status={run.status} />
        <span className="train-run__meta">
          {cfg.recipe} · {cfg.preset} · stage {run.stage === 'grounding' ? 1 : 2} · batch {cfg.hyperparameters?.batchSize}
        </span>
        {runCameras(run) && <span className="train-run__meta" data-testid="run-cameras" title="the policy's cameras; grounding is on the first">cameras <b>{runCameras(run)}</b></span>}
        <span className="train-run__meta" data-testid="run-backend">
          backend <b>{run.backend ?? (active ? 'choosing…' : '–')}</b>{cfg.backend && cfg.backend !== 'auto' ? ` (asked ${cfg.backend})` : ''}
        </span>
        <span className="train-run__spacer" />
        <Button onClick={p.onCancel} disabled={!active} title="Finish the step, write a checkpoint, end cancelled">Stop</Button>
        <Button variant="danger" onClick={p.onKill} disabled={!active} title="End the worker at once; the run fails">Kill</Button>
        <Button onClick={p.onResume} disabled={run.status !== 'cancelled' && run.status !== 'failed'} title="Continue from the latest checkpoint">Resume</Button>
        <Button onClick={p.onClone} title="A new run with this configuration">Clone</Button>
      </header>
      <ProgressBar
        done={lastStep}
        total={total}
        label={`step ${lastStep} / ${total}`}
        detail={[speed, eta].filter(Boolean).join(' · ') || undefined}
        tone={run.status === 'failed' ? 'danger' : 'accent'}
      />
      {run.error && <ErrorNotice error={{ title: 'The run failed', message: run.error }} />}
      {p.error ? <ErrorNotice error={toErrorView(p.error, 'That did not work')} /> : null}
      <div className="train-run__charts">
        {chartGroups(p.series).map((g) => (
          <TrainingChart key={g.title} title={g.title} lines={g.names.map((n, i) => lineOf(p.series, n, i, VAL_METRICS.find((m) => m.name === n)?.label ?? n))} markers={g.title.startsWith('Validation')} />
        ))}
        {Object.keys(p.series).length === 0 && <div className="train-run__empty">{active ? 'Waiting for the first step…' : 'No metrics recorded.'}</div>}
      </div>
      <div className="train-run__bottom">
        <section className="train-run__box">
          <h4>Checkpoints</h4>
          <table className="train-run__table" data-testid="checkpoints">
            <tbody>
              {checkpoints.map((c) => (
                <tr key={c.id}>
                  <td className="mono">step {c.step}</td>
                  <td className="mono">{c.sizeBytes == null ? '' : `${(c.sizeBytes / 1e6).toFixed(1)} MB`}</td>
                  <td>{c.isBest ? <span className="badge badge--ok">best</span> : null}</td>
                  <td className="mono train-run__val" title="validation at this step">{valSummary(c.metrics)}</td>
                  <td className="mono train-run__path" title={c.path}>{c.path}</td>
                </tr>
              ))}
              {checkpoints.length === 0 && <tr><td className="train-run__empty">none yet</td></tr>}
            </tbody>
          </table>
        </section>
        <ValidationBox series={p.series} />
        <section className="train-run__box">
          <h4>Log</h4>
          <RunLog lines={[`created ${new Date(run.createdAt).toLocaleString()} · folder ${run.runDir}`, ...[...p.workerLog, ...p.log].sort().map(formatLogLine)]} />
        </section>
      </div>
    </div>
  );
}

/** A training ETA to the second: "42 s", "3 min 05 s", "1 h 12 min". */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A checkpoint's validation metrics in a few characters each: "pt 0.62 · IoU 0.41 · L1 0.23". */
function valSummary(metrics: Record<string, number>): string {
  const short: Record<string, string> = { 'val/point_acc': 'pt', 'val/box_iou': 'IoU', 'val/action_l1': 'L1', 'val/traj_ade': 'ADE' };
  // Two decimals say enough for rates and L1, one for pixels.
  return Object.entries(short).filter(([n]) => metrics[n] !== undefined).map(([n, label]) => `${label} ${metrics[n]!.toFixed(n === 'val/traj_ade' ? 1 : 2)}`).join(' · ');
}

/** The latest value of each validation metric and the step it was measured at. */
function ValidationBox({ series }: { series: Series }) {
  const shown = VAL_METRICS.filter((m) => series[m.name]?.length);
  return (
    <section className="train-run__box" data-testid="validation">
      <h4>Validation</h4>
      <table className="train-run__table">
        <tbody>
          {shown.map((m) => {
            const last = series[m.name]!.at(-1)!;
            return (
              <tr key={m.name}>
                <td>{m.label}</td>
                <td className="mono">{formatMetric(last.value)}{m.px ? ' px' : ''}</td>
                <td className="mono train-run__muted">step {last.step}</td>
              </tr>
            );
          })}
          {shown.length === 0 && <tr><td className="train-run__empty">none yet (the run validates on held-out episodes, when it has any)</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

/** The log, kept scrolled to its end while the reader is there: new lines follow live. */
function RunLog({ lines }: { lines: string[] }) {
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });
  return (
    <pre
      className="train-run__log"
      data-testid="run-log"
      ref={ref}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
      }}
    >
      {lines.join('\n')}
    </pre>
  );
}
