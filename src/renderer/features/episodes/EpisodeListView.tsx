import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { EpisodeRow } from '../../../shared/contract/domain';
import { formatLength } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import './EpisodeListView.css';

export interface EpisodeListViewProps {
  total: number;
  rowAt(index: number): EpisodeRow | undefined;
  selectedId: number | null;
  /** Index of the selected row in this list, when known; scrolled into view when it changes. */
  selectedIndex: number;
  onSelect(id: number): void;
  /** The rows the list is about to show, so their pages can be fetched. */
  onRangeChange(start: number, end: number): void;
  thumbUrl(episodeId: number): string;
  datasetName?(datasetId: number): string | undefined;
}

export const ROW_HEIGHT = 66;

/** A virtualised list: only the visible rows (plus overscan) exist, so 100k episodes scroll like 10. */
export function EpisodeListView(props: EpisodeListViewProps) {
  const { total, rowAt, selectedId, selectedIndex, onSelect, onRangeChange, thumbUrl, datasetName } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const move = (delta: number) => {
    const target = Math.max(0, Math.min(total - 1, (selectedIndex < 0 ? -1 : selectedIndex) + delta));
    const row = rowAt(target);
    if (row) onSelect(row.id);
  };

  return (
    <div
      ref={parentRef}
      className="episode-list"
      role="listbox"
      aria-label="Episodes"
      tabIndex={0}
      aria-activedescendant={selectedId !== null ? `episode-${selectedId}` : undefined}
      onKeyDown={(e) => {
        const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
        const deltas: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -total, End: total };
        const delta = deltas[e.key];
        if (delta !== undefined && !e.altKey && !e.ctrlKey && !e.metaKey) {
          e.preventDefault();
          move(delta);
        }
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <div
              key={item.key}
              className="episode-list__slot"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              {row ? (
                <EpisodeListRow
                  row={row}
                  selected={row.id === selectedId}
                  thumb={thumbUrl(row.id)}
                  dataset={datasetName?.(row.datasetId)}
                  onSelect={onSelect}
                />
              ) : (
                <div className="episode-row episode-row--placeholder" aria-hidden />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  row: EpisodeRow;
  selected: boolean;
  thumb: string;
  dataset: string | undefined;
  onSelect(id: number): void;
}

function EpisodeListRow({ row, selected, thumb, dataset, onSelect }: RowProps) {
  return (
    <div
      id={`episode-${row.id}`}
      role="option"
      aria-selected={selected}
      data-episode-id={row.id}
      className={`episode-row${selected ? ' is-selected' : ''}`}
      onClick={() => onSelect(row.id)}
    >
      <Thumbnail src={thumb} />
      <div className="episode-row__body">
        <div className="episode-row__top">
          <span className="episode-row__index mono">#{row.index}</span>
          <span className="episode-row__meta mono">{formatLength(row.length, row.fps)}</span>
          {dataset && <span className="episode-row__dataset">{dataset}</span>}
          <span className="episode-row__spacer" />
          {row.annotationCount > 0 && (
            <span className="episode-row__annotations mono" title={`${row.annotationCount} annotations`}>
              ◆ {row.annotationCount}
            </span>
          )}
          {row.reviewStatus !== 'todo' && <StatusBadge status={row.reviewStatus} compact />}
        </div>
        <div className="episode-row__instruction" title={row.instruction}>
          {row.instruction || <span className="muted">no instruction</span>}
        </div>
      </div>
    </div>
  );
}

function Thumbnail({ src }: { src: string }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [src]);
  return (
    <div className="episode-row__thumb">
      {!failed && <img src={src} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setFailed(true)} />}
    </div>
  );
}
