import type { TrainingRun } from '../../../shared/contract/training';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { TrainingChart, type ChartLine } from './TrainingChart';
import { isActive, type RunDetail, type RunProgress, type Series } from './trainingStore';
import { RunStatusBadge } from './RunStatusBadge';

export interface RunViewProps {
  detail: RunDetail;
  series: Series;
  progress: RunProgress | null;
  log: string[];
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
    { title: 'Validation', names: names.filter((n) => n.startsWith('val')) },
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

const config = (run: TrainingRun) => run.config as { recipe?: string; preset?: string; backend?: string; hyperparameters?: { steps?: number; batchSize?: number } };

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
          <TrainingChart key={g.title} title={g.title} lines={g.names.map((n, i) => lineOf(p.series, n, i))} />
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
                  <td className="mono train-run__path" title={c.path}>{c.path}</td>
                </tr>
              ))}
              {checkpoints.length === 0 && <tr><td className="train-run__empty">none yet</td></tr>}
            </tbody>
          </table>
        </section>
        <section className="train-run__box">
          <h4>Log</h4>
          <pre className="train-run__log" data-testid="run-log">
            {[`created ${new Date(run.createdAt).toLocaleString()} · folder ${run.runDir}`, ...p.log].join('\n')}
          </pre>
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
