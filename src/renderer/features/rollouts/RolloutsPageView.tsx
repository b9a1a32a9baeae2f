import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { EvaluationList, type EvaluationListProps } from './EvaluationList';
import type { Pane, SentToAnnotation } from './rolloutsStore';
import './rollouts.css';

export interface RolloutsPageViewProps extends EvaluationListProps {
  open: boolean;
  pane: Pane;
  loadError: unknown;
  actionError: unknown;
  /** The pane's content. */
  main: ReactNode;
  sent: SentToAnnotation | null;
  onPane(pane: Pane): void;
  onOpenEpisode(sent: SentToAnnotation): void;
  onDismissSent(): void;
  onClose(): void;
}

const TABS: { pane: Pane; label: string }[] = [
  { pane: 'results', label: 'Results' },
  { pane: 'failures', label: 'Rollouts & failures' },
  { pane: 'taxonomy', label: 'Failure tags' },
];

/** The Rollouts page: evaluations on the left; their results, rollouts, the taxonomy or a form on the right. */
export function RolloutsPageView(p: RolloutsPageViewProps) {
  return (
    <Dialog open={p.open} title="Rollouts" onClose={p.onClose} width={1320}>
      <div className="rollouts">
        <aside className="rollouts__side">
          <div className="rollouts__side-actions">
            <Button variant={p.pane === 'new' ? 'primary' : 'default'} onClick={() => p.onPane('new')} data-testid="new-evaluation">+ New evaluation</Button>
            <Button variant={p.pane === 'import' ? 'primary' : 'default'} onClick={() => p.onPane('import')} data-testid="import-rollouts">Import rollouts…</Button>
          </div>
          {p.loadError ? <ErrorNotice error={toErrorView(p.loadError, 'Cannot list the evaluations')} /> : null}
          {p.actionError ? <ErrorNotice error={toErrorView(p.actionError, 'The evaluation was not cancelled')} /> : null}
          <EvaluationList {...p} />
        </aside>
        <main className="rollouts__main">
          <nav className="rollouts__tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.pane} type="button" role="tab" aria-selected={p.pane === t.pane} className={`rollouts__tab${p.pane === t.pane ? ' is-on' : ''}`} onClick={() => p.onPane(t.pane)}>
                {t.label}
              </button>
            ))}
            {p.pane === 'new' && <span className="rollouts__tab is-on" role="tab" aria-selected>New evaluation</span>}
            {p.pane === 'import' && <span className="rollouts__tab is-on" role="tab" aria-selected>Import rollouts</span>}
          </nav>
          <div className="rollouts__pane">{p.main}</div>
          {p.sent && (
            <div className="rollouts-toast" role="status" data-testid="sent-toast">
              <span>
                Rollout #{p.sent.rolloutId} {p.sent.created ? 'is now' : 'already was'} episode #{p.sent.episodeId} of the Rollouts dataset
                {p.sent.annotations > 0 ? `, with ${p.sent.annotations} predicted annotation${p.sent.annotations === 1 ? '' : 's'} to correct` : ''}.
              </span>
              <Button size="sm" variant="primary" onClick={() => p.onOpenEpisode(p.sent!)}>Open episode</Button>
              <button type="button" className="notice__dismiss" aria-label="Dismiss" onClick={p.onDismissSent}>×</button>
            </div>
          )}
        </main>
      </div>
    </Dialog>
  );
}
