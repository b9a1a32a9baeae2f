import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { GroundingPreview, KindCounts } from '../../../shared/contract/grounding';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';

export const KIND_LABELS: Record<keyof KindCounts, string> = { box: 'box', point: 'point', trajectory: 'trajectory' };
const KINDS = ['box', 'point', 'trajectory'] as const;

export interface PreviewViewProps {
  preview: GroundingPreview | null;
  loading: boolean;
  error: unknown;
  /** True while the records show unsaved templates. */
  unsaved: boolean;
}

export function CountChips({ counts, total }: { counts: KindCounts; total: number }) {
  return (
    <div className="qa-counts" data-testid="grounding-counts">
      <span className="qa-counts__total">
        <strong className="mono">{formatCount(total)}</strong> records
      </span>
      {KINDS.map((k) => (
        <span key={k} className={`qa-chip qa-chip--${k}`} data-kind={k} data-count={counts[k]}>
          <span className="mono">{formatCount(counts[k])}</span> {KIND_LABELS[k]}
        </span>
      ))}
    </div>
  );
}

/** What the export would write: counts per kind and label, and the records themselves. */
export function PreviewView({ preview, loading, error, unsaved }: PreviewViewProps) {
  const parentRef = useRef<HTMLDivElement>(null);
  const records = preview?.records ?? [];
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 78,
    overscan: 6,
  });

  return (
    <div className="qa-preview" data-loading={loading}>
      <header className="qa-preview__head">
        <span className="field__label">Preview{unsaved ? ' — with your unsaved edits' : ''}</span>
        {loading && <span className="muted">updating…</span>}
      </header>
      {error ? <ErrorNotice error={toErrorView(error, 'Cannot preview the records')} /> : null}
      {preview && (
        <>
          <CountChips counts={preview.counts} total={preview.total} />
          <table className="qa-labels">
            <thead>
              <tr>
                <th>Label</th>
                {KINDS.map((k) => <th key={k} className="num">{KIND_LABELS[k]}</th>)}
              </tr>
            </thead>
            <tbody>
              {preview.labels.map((row) => (
                <tr key={row.label}>
                  <td>{row.label}</td>
                  {KINDS.map((k) => <td key={k} className="num mono">{row.counts[k] || '·'}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.total === 0 ? (
            <div className="notice notice--info">No points, boxes or trajectories yet: annotate some episodes first.</div>
          ) : (
            <span className="muted">
              {formatCount(preview.images)} images · showing the first {formatCount(records.length)} of {formatCount(preview.total)} records
            </span>
          )}
        </>
      )}
      <div ref={parentRef} className="qa-records" role="list" aria-label="Preview records">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = records[item.index]!;
            return (
              <div
                key={r.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                role="listitem"
                className="qa-record"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <div className="qa-record__meta">
                  <span className={`qa-chip qa-chip--${r.kind}`}>{r.kind}</span>
                  <span className="qa-record__image mono" title={r.image}>{r.image}</span>
                </div>
                <div className="qa-record__q">{r.question.replace(/^<image>\n/, '')}</div>
                <div className="qa-record__a mono">{r.answer}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
