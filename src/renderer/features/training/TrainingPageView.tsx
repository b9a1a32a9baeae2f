import type { ReactNode } from 'react';
import type { TrainingRun } from '../../../shared/contract/training';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { RunStatusBadge } from './RunStatusBadge';
import { TrainingChart } from './TrainingChart';
import type { Series } from './trainingStore';
import './training.css';

export interface TrainingPageViewProps {
  open: boolean;
  runs: TrainingRun[];
  loadError: unknown;
  openRunId: number | null;
  /** Steps done of each run this window saw progress of. */
  steps: Record<number, number>;
  compare: number[];
  /** The run view or the form. */
  main: ReactNode;
  onNew(): void;
  onOpen(id: number): void;
  onToggleCompare(id: number): void;
  onClose(): void;
}

const configOf = (run: TrainingRun) => run.config as { recipe?: string; preset?: string; hyperparameters?: { steps?: number } };

/** Newest first, except that a chain's stage 2 follows its stage 1, so the two read as one. */
export function chainOrder(runs: TrainingRun[]): { run: TrainingRun; child: boolean }[] {
  const ids = new Set(runs.map((r) => r.id));
  const out: { run: TrainingRun; child: boolean }[] = [];
  for (const run of runs) {
    if (run.parentRunId !== null && ids.has(run.parentRunId)) continue;
    out.push({ run, child: false });
    for (const next of runs) if (next.parentRunId === run.id) out.push({ run: next, child: true });
  }
  return out;
}

/** The Train page: the runs on the left, a new run's form or a run on the right. */
export function TrainingPageView(p: TrainingPageViewProps) {
  return (
    <Dialog open={p.open} title="Train" onClose={p.onClose} width={1240}>
      <div className="training">
        <aside className="training__runs">
          <Button variant={p.openRunId === null ? 'primary' : 'default'} onClick={p.onNew} data-testid="new-run">+ New run</Button>
          {p.loadError ? <ErrorNotice error={toErrorView(p.loadError, 'Cannot list the runs')} /> : null}
          <ul className="training__list" aria-label="runs">
            {chainOrder(p.runs).map(({ run, child }) => {
              const cfg = configOf(run);
              const chained = child || run.nextStage !== null || p.runs.some((r) => r.parentRunId === run.id);
              return (
                <li
                  key={run.id}
                  className={`training__run${p.openRunId === run.id ? ' is-on' : ''}${chained ? ' is-chained' : ''}${child ? ' is-stage2' : ''}`}
                  data-run={run.id}
                  data-chain={chained ? (child ? run.parentRunId : run.id) : undefined}
                >
                  <input
                    type="checkbox"
                    aria-label={`compare ${run.name}`}
                    title="Overlay this run's curves"
                    checked={p.compare.includes(run.id)}
                    onChange={() => p.onToggleCompare(run.id)}
                  />
                  <button type="button" className="training__run-open" onClick={() => p.onOpen(run.id)}>
                    <span className="training__run-name">{run.name}</span>
                    <span className="training__run-meta">
                      <RunStatusBadge status={run.status} />
                      <span>{cfg.recipe} · {cfg.preset}</span>
                      <span className="mono">{p.steps[run.id] ?? '–'}/{cfg.hyperparameters?.steps ?? '?'}</span>
                    </span>
                    {run.nextStage && (
                      <span className="training__run-next">then {run.nextStage.name} · {run.nextStage.steps} steps</span>
                    )}
                    <span className="training__run-time">{new Date(run.startedAt ?? run.createdAt).toLocaleString()}</span>
                  </button>
                </li>
              );
            })}
            {p.runs.length === 0 && !p.loadError && <li className="training__none">No runs yet.</li>}
          </ul>
        </aside>
        <main className="training__main">{p.main}</main>
      </div>
    </Dialog>
  );
}

const OVERLAY_COLORS = ['#5b9cf5', '#f5c451', '#4cb36c', '#eb5757', '#b48ce6', '#56c2c9'];

/** Two or more runs' curves of one metric on the same axes. */
export function CompareView({ runs, series, metric, onMetric, onBack }: { runs: TrainingRun[]; series: Record<number, Series>; metric: string; onMetric(m: string): void; onBack(): void }) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(series[r.id] ?? {})))].sort();
  return (
    <div className="train-compare" data-testid="compare">
      <div className="train-compare__pick">
        <Button onClick={onBack}>← Back to the run</Button>
        <label className="train-compare__pick">
        <span className="field__label">Overlay</span>
        <select className="select" aria-label="metric to compare" value={metric} onChange={(e) => onMetric(e.target.value)}>
          {names.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
          <span className="train-form__hint">{runs.length} runs</span>
        </label>
      </div>
      <TrainingChart
        title={metric}
        lines={runs.map((r, i) => ({ label: `${r.name} #${r.id}`, color: OVERLAY_COLORS[i % OVERLAY_COLORS.length]!, dashed: false, points: series[r.id]?.[metric] ?? [] }))}
      />
    </div>
  );
}
