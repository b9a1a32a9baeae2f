/**
 * The Annotations panel: the episode's annotations (this camera or all), each with kind, class, where
 * its values come from (automatic ones marked), who stored it and when, and its frames. A click selects
 * it and brings it on screen; a row deletes its annotation. Virtualised: 10,000 rows scroll like 10.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { deleteAnnotation } from '../../../editor/commands';
import { isRefusal } from '../../../editor/types';
import { playerStore } from '../../../playback';
import { annotationRows, formatWhen, type AnnotationRow } from './annotationRows';
import type { WorkspaceContext } from './types';
import './panels.css';

const ROW_HEIGHT = 44;

export function AnnotationsPanel({ ctx }: { ctx: WorkspaceContext }) {
  const { editor, episode, labels, camera } = ctx;
  const [scope, setScope] = useState<'camera' | 'all'>('camera');
  // Author and times come from the session, which has them from the list it loaded and from each save's
  // answer: asking for the whole list again here doubled the backend's work and the transfer of an open.
  // The session updates them in place, so the rows on screen read them afresh at each render; a save's
  // answer does not rebuild 10,000 rows. The rows show no selection, so they follow the document's revision
  // rather than the editor's version (which a click or a gesture's end bumps too).
  const meta = ctx.session.stored;
  // Deferred: rebuilding 10,000 rows after an edit is a background render React can interrupt, so the
  // save's answer and the next input are handled first.
  const revision = useDeferredValue(editor.doc.revision);
  const rows = useMemo(() => {
    const list = scope === 'all' ? editor.doc.all() : editor.doc.byCamera(camera);
    return annotationRows(list, labels, meta, episode.length);
  }, [editor, revision, scope, camera, labels, meta, episode.length]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const selected = new Set(editor.selection);
  const firstSelected = rows.findIndex((r) => selected.has(r.id));
  useEffect(() => {
    if (firstSelected >= 0) virtualizer.scrollToIndex(firstSelected, { align: 'auto' });
  }, [firstSelected, virtualizer]);

  const open = (row: AnnotationRow) => {
    if (row.camera && row.camera !== camera) playerStore.getState().focus(row.camera);
    editor.select([row.id]);
    // Stay on the frame when the annotation is already on screen there.
    if (ctx.frame < row.from || ctx.frame > row.to) ctx.seek(row.from);
  };
  const remove = (row: AnnotationRow) => {
    const r = editor.run(deleteAnnotation, { ids: [row.id] }, ctx.frame);
    if (isRefusal(r)) ctx.note(r.refused);
    ctx.session.flush(row.camera ?? camera);
  };

  return (
    <div className="ws-list ws-annotations" data-count={rows.length}>
      <div className="ws-list__bar">
        <div role="radiogroup" aria-label="Which annotations">
          <Button size="sm" variant={scope === 'camera' ? 'primary' : 'ghost'} role="radio" aria-checked={scope === 'camera'} onClick={() => setScope('camera')}>
            This camera
          </Button>
          <Button size="sm" variant={scope === 'all' ? 'primary' : 'ghost'} role="radio" aria-checked={scope === 'all'} onClick={() => setScope('all')}>
            All
          </Button>
        </div>
        <span className="muted">{rows.length}</span>
      </div>
      <div className="ws-list__scroll" ref={scroller} role="listbox" aria-label="Annotations">
        {rows.length === 0 && <p className="muted">No annotations {scope === 'camera' ? 'on this camera' : 'in this episode'} yet.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const stored = meta.get(row.id);
            return (
              <div
                key={row.id}
                role="option"
                aria-selected={selected.has(row.id)}
                className={`ws-row${selected.has(row.id) ? ' ws-row--on' : ''}`}
                data-id={row.id}
                data-source={row.source}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => open(row)}
              >
                <span className="ws-row__main">
                  <span className="ws-swatch" style={{ background: row.color ?? 'transparent', border: row.color ? 0 : '1px solid currentColor' }} />
                  {row.label} · {row.kindText} · <span className={row.automatic ? 'ws-auto' : undefined}>{row.source}</span>
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Delete ${row.kindText} ${row.label}`}
                  title="Delete (one undo step)"
                  onClick={(e) => {
                    e.stopPropagation();
                    remove(row);
                  }}
                >
                  ×
                </Button>
                <span className="ws-row__sub" title={row.createdAt === null ? 'not stored yet' : `created ${new Date(row.createdAt).toLocaleString()} · updated ${new Date(row.updatedAt ?? row.createdAt).toLocaleString()} by ${row.author}`}>
                  {row.from === row.to ? `frame ${row.from}` : `frames ${row.from}–${row.to}`}
                  {scope === 'all' && row.camera ? ` · ${row.camera}` : ''} · {stored?.author ?? row.author} · {formatWhen(stored?.updatedAt ?? row.updatedAt)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
