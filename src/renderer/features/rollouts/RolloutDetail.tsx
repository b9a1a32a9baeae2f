import type { ReactNode } from 'react';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../shared/rollouts/record';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { Outcome } from './FailuresView';
import type { FailureTag } from './rolloutsStore';
import { TagPicker } from './TagPicker';

export interface RolloutDetailProps {
  rollout: RolloutSummary;
  record: RolloutRecord | null;
  error: unknown;
  evaluationName: string;
  checkpointLabel: string;
  taxonomy: FailureTag[];
  startStep: number | null;
  /** The rollout player, when the page was given one. */
  player: ReactNode;
  sending: boolean;
  sendError: unknown;
  onTag(tag: string | null): void;
  onSend(): void;
  onClose(): void;
}

const human = (s: string) => s.replaceAll('_', ' ');

/** One rollout: outcome and why, what it was asked, where it ran, its tag, and the way back to annotation. */
export function RolloutDetail(p: RolloutDetailProps) {
  const r = p.rollout;
  const predicting = p.record?.steps.filter((s) => s.predicted !== undefined).length ?? null;
  const meta = Object.entries(p.record?.meta ?? {}).filter(([, v]) => v !== null && typeof v !== 'object').slice(0, 6);
  const head = (
    <header className="rollouts-detail__head">
      <Outcome rollout={r} />
      <span className="rollouts-detail__title">Rollout {r.index} <span className="muted mono">#{r.id}</span></span>
      <span className="rollouts-detail__spacer" />
      <button type="button" className="dialog__close" aria-label="Close the rollout" onClick={p.onClose}>×</button>
    </header>
  );
  const instruction = <p className="rollouts-detail__instruction" data-testid="rollout-instruction">{r.instruction || <span className="muted">no instruction</span>}</p>;
  const facts = (
    <dl className="facts rollouts-detail__facts">
      <dt>Evaluation</dt><dd>{p.evaluationName}</dd>
      <dt>Checkpoint</dt><dd>{p.checkpointLabel}</dd>
      <dt>Variant</dt><dd>{r.variant ? human(r.variant) : '–'}{r.seed !== null ? <span className="muted mono"> · seed {r.seed}</span> : null}</dd>
      {r.taskFamily && <><dt>Task</dt><dd>{r.taskFamily}</dd></>}
      <dt>Ended</dt><dd>{r.reason ? human(r.reason) : '–'} <span className="muted mono">after {r.steps} steps at {r.fps} fps</span></dd>
      <dt>Cameras</dt><dd>{r.cameras.map((c) => `${c.name} ${c.width}×${c.height}`).join(', ') || 'none'}</dd>
      {predicting !== null && <><dt>Predictions</dt><dd className="mono">{predicting} of {p.record!.steps.length} steps</dd></>}
      {meta.map(([k, v]) => <span key={k} className="rollouts-detail__meta"><dt>{k}</dt><dd className="mono">{String(v)}</dd></span>)}
    </dl>
  );
  const tag = (
    <div className="rollouts-detail__tag">
      <span className="field__label">Failure tag</span>
      <TagPicker rolloutId={r.id} tag={r.tag} taxonomy={p.taxonomy} onTag={p.onTag} />
      {r.suggestedTag && <span className="muted" data-testid="suggested-tag">suggested: {human(r.suggestedTag)}</span>}
      {r.tag && r.taggedBy && <span className="muted">by {r.taggedBy}{r.taggedAt ? `, ${new Date(r.taggedAt).toLocaleString()}` : ''}</span>}
    </div>
  );
  const actions = (
    <div className="rollouts-detail__actions">
      <Button onClick={p.onSend} disabled={p.sending} title="Make this rollout an episode to annotate, with the model's predictions as editable annotations">
        {p.sending ? 'Sending…' : 'Send to annotation'}
      </Button>
      {p.startStep !== null && <span className="muted mono">from step {p.startStep}</span>}
    </div>
  );
  const errors = (
    <>
      {p.sendError ? <ErrorNotice error={toErrorView(p.sendError, 'Not sent to annotation')} /> : null}
      {p.error ? <ErrorNotice error={toErrorView(p.error, 'Cannot read this rollout\'s record')} /> : null}
    </>
  );
  if (!p.player) {
    return (
      <aside className="rollouts-detail" aria-label={`rollout ${r.id}`} data-rollout={r.id}>
        {head}{instruction}{facts}{tag}{actions}{errors}
      </aside>
    );
  }
  // With the player the rollout gets most of the width: what to decide (tag, send) sits above it, the facts fold away below.
  return (
    <aside className="rollouts-detail has-player" aria-label={`rollout ${r.id}`} data-rollout={r.id}>
      {head}{instruction}
      <div className="rollouts-detail__bar">{tag}{actions}</div>
      {errors}
      <div className="rollouts-detail__player">{p.player}</div>
      <details className="rollouts-detail__more"><summary>Details</summary>{facts}</details>
    </aside>
  );
}
