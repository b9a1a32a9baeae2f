/**
 * The Checks panel: every automatic check over the episode's annotations (editor/checks.ts), in
 * timeline order, each with "jump to": the frame, the annotation's camera, and the annotation selected.
 */
import { useMemo, useState } from 'react';
import { Button } from '../../../components/Button';
import { runChecks, type CheckId, type CheckItem } from '../../../editor/checks';
import { playerStore } from '../../../playback';
import type { WorkspaceContext } from './types';
import './panels.css';

export const CHECK_NAMES: Record<CheckId, string> = {
  jump: 'Sudden jump',
  jitter: 'Jitter',
  'outside-image': 'Outside the image',
  'degenerate-box': 'Degenerate box',
  'frames-backwards': 'Frames go backwards',
  'sparse-keyframes': 'Keyframes far apart',
  'unknown-label': 'Label not in the class list',
};

/** A long list is cut here: past it the counts say what there is, and fixing the first ones comes first. */
const SHOWN = 500;

/** Go to a finding: its frame, its camera, and the annotation selected for editing. */
export function jumpTo(ctx: WorkspaceContext, item: CheckItem): void {
  const a = ctx.editor.doc.get(item.annotationId);
  if (a?.camera && a.camera !== ctx.camera) playerStore.getState().focus(a.camera);
  ctx.editor.select([item.annotationId]);
  ctx.seek(item.frame);
}

export function ChecksPanel({ ctx }: { ctx: WorkspaceContext }) {
  const { editor, episode, labels } = ctx;
  const [only, setOnly] = useState<CheckId | 'all'>('all');
  const items = useMemo(
    () =>
      runChecks(editor.doc.all(), {
        cameras: Object.fromEntries(episode.cameras.map((c) => [c.name, { width: c.width, height: c.height }])),
        length: episode.length,
        labelIds: labels.length ? labels.map((l) => l.id) : null,
      }),
    [editor, editor.version, episode, labels],
  );
  const counts = new Map<CheckId, number>();
  for (const i of items) counts.set(i.check, (counts.get(i.check) ?? 0) + 1);
  const shown = useMemo(() => (only === 'all' ? items : items.filter((i) => i.check === only)), [items, only]);
  const selectionKey = editor.selection.join(',');
  // The workspace re-renders on every frame of playback; the rows only change with the findings or the selection.
  const rows = useMemo(() => {
    const selected = new Set(editor.selection);
    return shown.slice(0, SHOWN).map((item, i) => {
      const a = editor.doc.get(item.annotationId);
      return (
        <div
          key={`${item.annotationId}-${item.check}-${item.frame}-${i}`}
          role="listitem"
          className={`ws-row${selected.has(item.annotationId) ? ' ws-row--on' : ''}`}
          data-check={item.check}
          data-frame={item.frame}
        >
          <span className="ws-row__main">
            <span className="ws-check">{CHECK_NAMES[item.check]}</span> · {a ? `${a.kind}${a.camera && ctx.cameras.length > 1 ? ` on ${a.camera}` : ''}` : 'deleted'}
          </span>
          <Button size="sm" variant="ghost" onClick={() => jumpTo(ctx, item)} title={`Go to frame ${item.frame} and select the ${a?.kind ?? 'annotation'}`}>
            Jump to
          </Button>
          <span className="ws-row__sub" title={item.message}>
            {item.message}
          </span>
        </div>
      );
    });
    // ctx changes every frame; what the rows use of it (editor, camera, cameras) is in the keys below.
  }, [shown, selectionKey, editor, ctx.camera, ctx.cameras.length]);
  return (
    <div className="ws-list ws-checks" data-count={items.length}>
      <div className="ws-list__bar">
        <span>{items.length === 0 ? 'No problems found' : `${items.length} finding${items.length === 1 ? '' : 's'}`}</span>
        {items.length > 0 && (
          <select aria-label="Which check" value={only} onChange={(e) => setOnly(e.currentTarget.value as CheckId | 'all')}>
            <option value="all">All checks</option>
            {[...counts].map(([id, n]) => (
              <option key={id} value={id}>
                {CHECK_NAMES[id]} ({n})
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="ws-list__scroll" role="list" aria-label="Findings">
        {rows}
        {shown.length > SHOWN && <p className="muted">{shown.length - SHOWN} more not listed; fix or filter these first.</p>}
      </div>
    </div>
  );
}
