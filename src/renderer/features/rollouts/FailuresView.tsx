import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { tagCounts } from './failureRows';
import { variantOrder } from './results';
import type { FailureFilters, FailureTag, RolloutCount, UnsureFrame } from './rolloutsStore';
import { TagPicker, tagForKey } from './TagPicker';

export const ROW_HEIGHT = 30;

export interface FailuresViewProps {
  total: number;
  rows: Record<number, RolloutSummary>;
  filters: FailureFilters;
  counts: RolloutCount[];
  taxonomy: FailureTag[];
  /** Names of the evaluations the rows come from, shown when there are several. */
  evaluationNames: Record<number, string> | null;
  checkpointLabel(id: number | null): string;
  openRolloutId: number | null;
  listError: unknown;
  tagError: unknown;
  leastSure: UnsureFrame[] | null;
  leastSureBusy: boolean;
  leastSureError: unknown;
  /** The selected rollout's pane, beside the table. */
  detail: ReactNode;
  onFilters(patch: Partial<FailureFilters>): void;
  onRange(start: number, end: number): void;
  onOpen(id: number, step?: number | null): void;
  onTag(id: number, tag: string | null): void;
  onLeastSure(): void;
}

const human = (s: string) => s.replaceAll('_', ' ');

/** The rollouts, filtered, with their failure tags: counts by tag, a virtualised table, least-sure frames. */
export function FailuresView(p: FailuresViewProps) {
  const variants = variantOrder(p.counts.flatMap((c) => (c.variant === null ? [] : [c.variant])));
  const checkpoints = [...new Set(p.counts.map((c) => c.checkpointId))];
  const tags = tagCounts(p.counts, p.filters);
  const tagNames = [...new Set([...p.taxonomy.map((t) => t.name), ...tags.flatMap((t) => (t.tag === null ? [] : [t.tag]))])];
  const success = p.filters.success === undefined ? '' : p.filters.success ? 'success' : 'failure';

  return (
    <div className={`rollouts-failures${p.detail ? ' has-detail' : ''}`}>
      <div className="rollouts-failures__list">
        <div className="rollouts-failures__filters">
          <select className="select" aria-label="filter by outcome" value={success} onChange={(e) => p.onFilters({ success: e.target.value === '' ? undefined : e.target.value === 'success' })}>
            <option value="">any outcome</option>
            <option value="failure">failures</option>
            <option value="success">successes</option>
          </select>
          <select className="select" aria-label="filter by tag" value={p.filters.tag ?? ''} onChange={(e) => p.onFilters({ tag: e.target.value || undefined })}>
            <option value="">any tag</option>
            {tagNames.map((t) => <option key={t} value={t}>{human(t)}</option>)}
          </select>
          <select className="select" aria-label="filter by variant" value={p.filters.variant ?? ''} onChange={(e) => p.onFilters({ variant: e.target.value || undefined })}>
            <option value="">any variant</option>
            {variants.map((v) => <option key={v} value={v}>{human(v)}</option>)}
          </select>
          <select
            className="select"
            aria-label="filter by checkpoint"
            value={p.filters.checkpointId === undefined ? '' : String(p.filters.checkpointId)}
            onChange={(e) => p.onFilters({ checkpointId: e.target.value === '' ? undefined : e.target.value === 'null' ? null : Number(e.target.value) })}
          >
            <option value="">any checkpoint</option>
            {checkpoints.map((c) => <option key={String(c)} value={String(c)}>{p.checkpointLabel(c)}</option>)}
          </select>
          <span className="rollouts-failures__total mono" data-testid="rollouts-total">{p.total} rollout{p.total === 1 ? '' : 's'}</span>
          <Button size="sm" onClick={p.onLeastSure} disabled={p.leastSureBusy} title="The frames the model was least sure about in the selected evaluations">
            {p.leastSureBusy ? 'Finding…' : 'Least sure frames'}
          </Button>
        </div>
        <div className="rollouts-failures__tags" aria-label="counts by tag">
          {tags.map((t) => {
            const on = t.tag !== null && p.filters.tag?.toLowerCase() === t.tag.toLowerCase();
            return (
              <button
                key={t.tag ?? '(none)'}
                type="button"
                className={`rollouts-chip${on ? ' is-on' : ''}${t.tag === null ? ' is-untagged' : ''}`}
                disabled={t.tag === null}
                data-tag={t.tag ?? ''}
                title={t.tag === null ? 'Successes and failures without a tag' : `${t.confirmed} of ${t.rollouts} confirmed; click to filter`}
                onClick={() => t.tag !== null && p.onFilters({ tag: on ? undefined : t.tag })}
              >
                {t.tag === null ? 'untagged' : human(t.tag)} <b className="mono">{t.rollouts}</b>
                {t.tag !== null && t.confirmed < t.rollouts && <span className="rollouts-chip__sub">{t.confirmed} confirmed</span>}
              </button>
            );
          })}
        </div>
        {p.leastSureError ? <ErrorNotice error={toErrorView(p.leastSureError, 'Cannot find the least sure frames')} /> : null}
        {p.leastSure && <LeastSureList frames={p.leastSure} onOpen={(id, step) => p.onOpen(id, step)} />}
        {p.listError ? <ErrorNotice error={toErrorView(p.listError, 'Cannot list the rollouts')} /> : null}
        {p.tagError ? <ErrorNotice error={toErrorView(p.tagError, 'The tag was not saved')} /> : null}
        <RolloutTable {...p} compact={p.detail !== null && p.detail !== undefined} />
      </div>
      {p.detail}
    </div>
  );
}

function LeastSureList({ frames, onOpen }: { frames: UnsureFrame[]; onOpen(rolloutId: number, step: number): void }) {
  return (
    <section className="rollouts-unsure" aria-label="least sure frames">
      <h4>Least sure frames{frames.length === 0 ? ': none found' : ''}</h4>
      <ol>
        {frames.map((f) => (
          <li key={`${f.rolloutId}:${f.step}`}>
            <button type="button" onClick={() => onOpen(f.rolloutId, f.step)} data-rollout={f.rolloutId} data-step={f.step}>
              <span className="mono">rollout #{f.rolloutId} · step {f.step}</span>
              <span className="mono muted">{f.score.toFixed(2)}</span>
              <span className="rollouts-unsure__reasons">{f.reasons.map(human).join(', ')}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RolloutTable(p: FailuresViewProps & { compact: boolean }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: p.total, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const { onRange } = p;
  useEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, onRange, p.rows]);

  const focusRow = (index: number) => {
    if (index < 0 || index >= p.total) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => parentRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus());
    const row = p.rows[index];
    if (row) p.onOpen(row.id);
  };

  const several = p.evaluationNames !== null;
  // Beside an open rollout the table keeps what picking and tagging need; the pane shows the rest.
  return (
    <div className={`rollouts-table${p.compact ? ' is-compact' : ''}`} role="grid" aria-label="rollouts" aria-rowcount={p.total}>
      <div className={`rollouts-table__row rollouts-table__head${several ? ' with-eval' : ''}`} role="row">
        <span role="columnheader">#</span>
        {several && <span role="columnheader" className="is-wide">evaluation</span>}
        <span role="columnheader">variant</span>
        <span role="columnheader">outcome</span>
        <span role="columnheader" className="is-wide">steps</span>
        <span role="columnheader" className="is-wide">instruction</span>
        <span role="columnheader">suggested</span>
        <span role="columnheader">tag</span>
      </div>
      <div ref={parentRef} className="rollouts-table__body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = p.rows[item.index];
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` };
            if (!row) return <div key={item.key} className="rollouts-table__row is-loading" style={style} data-index={item.index} />;
            const open = row.id === p.openRolloutId;
            return (
              <div
                key={item.key}
                role="row"
                tabIndex={0}
                aria-selected={open}
                className={`rollouts-table__row${open ? ' is-open' : ''}${several ? ' with-eval' : ''}`}
                style={style}
                data-index={item.index}
                data-rollout={row.id}
                data-success={String(row.success)}
                onClick={() => p.onOpen(row.id)}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
                  const tag = tagForKey(e.key, p.taxonomy);
                  if (tag !== undefined) p.onTag(row.id, tag);
                  else if (e.key === 'ArrowDown') focusRow(item.index + 1);
                  else if (e.key === 'ArrowUp') focusRow(item.index - 1);
                  else if (e.key === 'Enter') p.onOpen(row.id);
                  else return;
                  e.preventDefault();
                }}
              >
                <span role="gridcell" className="mono">{row.index}</span>
                {several && <span role="gridcell" className="rollouts-table__clip is-wide">#{row.evaluationId} {p.evaluationNames?.[row.evaluationId]}</span>}
                <span role="gridcell" className="rollouts-table__clip">{row.variant ? human(row.variant) : '–'}</span>
                <span role="gridcell"><Outcome rollout={row} /></span>
                <span role="gridcell" className="mono is-wide">{row.steps}</span>
                <span role="gridcell" className="rollouts-table__clip is-wide" title={row.instruction}>{row.instruction}</span>
                <span role="gridcell" className="rollouts-table__clip muted" data-suggested={row.suggestedTag ?? ''}>{row.success === false && row.suggestedTag ? human(row.suggestedTag) : ''}</span>
                <span role="gridcell">
                  {row.success !== true || row.tag ? <TagPicker compact rolloutId={row.id} tag={row.tag} taxonomy={p.taxonomy} onTag={(tag) => p.onTag(row.id, tag)} /> : null}
                </span>
              </div>
            );
          })}
        </div>
        {p.total === 0 && <div className="rollouts__empty">No rollouts match these filters.</div>}
      </div>
    </div>
  );
}

export function Outcome({ rollout }: { rollout: Pick<RolloutSummary, 'success' | 'reason'> }) {
  if (rollout.success === null) return <span className="badge badge--neutral">unknown</span>;
  if (rollout.success) return <span className="badge badge--ok">success</span>;
  return (
    <span className="badge badge--danger" title={rollout.reason ?? undefined}>
      failed{rollout.reason && rollout.reason !== 'unknown' ? ` · ${human(rollout.reason)}` : ''}
    </span>
  );
}
