import type { JobProgress } from '../../../shared/contract/domain';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { isRunning, type EvaluationSummary } from './rolloutsStore';

const TONE: Record<EvaluationSummary['status'], string> = { queued: 'neutral', running: 'info', succeeded: 'ok', failed: 'danger', cancelled: 'warn' };

export function EvaluationStatusBadge({ status }: { status: EvaluationSummary['status'] }) {
  return <span className={`badge badge--${TONE[status]}`} data-status={status}>{status}</span>;
}

export interface EvaluationListProps {
  evaluations: EvaluationSummary[];
  selected: number[];
  progress: Record<number, JobProgress>;
  /** Checkpoint labels by id ("run name @ step N"). */
  checkpointLabel(id: number | null, path: string | null): string;
  onOpen(id: number): void;
  onToggle(id: number): void;
  onCancel(id: number): void;
}

/** The evaluations, newest first: a click shows one, the checkboxes put several side by side. */
export function EvaluationList(p: EvaluationListProps) {
  return (
    <ul className="rollouts__evaluations" aria-label="evaluations">
      {p.evaluations.map((e) => {
        const progress = p.progress[e.id];
        const on = p.selected.includes(e.id);
        return (
          <li key={e.id} className={`rollouts__evaluation${on ? ' is-on' : ''}`} data-evaluation={e.id} data-status={e.status}>
            <input type="checkbox" aria-label={`compare ${e.name}`} title="Show beside the other checked evaluations" checked={on} onChange={() => p.onToggle(e.id)} />
            <div className="rollouts__evaluation-body">
              <button type="button" className="rollouts__evaluation-open" onClick={() => p.onOpen(e.id)}>
                <span className="rollouts__evaluation-name" title={e.name}>{e.name}</span>
                <span className="rollouts__evaluation-meta">
                  <span className="mono">#{e.id}</span>
                  <EvaluationStatusBadge status={e.status} />
                  <span className="mono" title="successes / rollouts">{e.successes}/{e.rollouts}</span>
                  <span className="rollouts__evaluation-ckpt">{p.checkpointLabel(e.checkpointId, e.checkpointPath)}</span>
                </span>
              </button>
              {isRunning(e) && (
                <div className="rollouts__evaluation-progress">
                  <ProgressBar compact done={progress?.done ?? 0} total={progress?.total ?? 0} label={progress ? `${progress.phase} ${progress.done}/${progress.total}` : 'starting'} />
                  <Button size="sm" onClick={() => p.onCancel(e.id)}>Cancel</Button>
                </div>
              )}
              {e.error && <span className="rollouts__evaluation-error" title={e.error}>{e.error}</span>}
            </div>
          </li>
        );
      })}
      {p.evaluations.length === 0 && <li className="rollouts__none">No evaluations yet: start one, or import rollouts run elsewhere.</li>}
    </ul>
  );
}
