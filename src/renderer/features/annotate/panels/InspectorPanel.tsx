/**
 * The Selection panel: what the selected annotation is and the properties the canvas cannot show — its
 * class, a point's role, a trajectory's owner and the frame of each vertex, the grounding question. With
 * several selected it shows the values they share ("mixed" otherwise) and an edit applies to all of them.
 * Every edit is one command through the editor, then a flush: one undo step on the backend.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { PointGeometry, TrajectoryGeometry } from '../../../../shared/contract/annotations';
import { Button } from '../../../components/Button';
import { setLabel, setVertexFrame, type Command } from '../../../editor/commands';
import { spanOf } from '../../../editor/document';
import { isTrack } from '../../../editor/kinds/track';
import { POINT_ROLES, QUERY_MAX, TRAJECTORY_OWNERS, setPointRole, setQuery, setTrajectoryOwner } from '../../../editor/propertyCommands';
import { isRefusal, type Annotation } from '../../../editor/types';
import { formatWhen, sourceOf } from './annotationRows';
import type { WorkspaceContext } from './types';
import './InspectorPanel.css';

const MIXED = '';
const ROLE_WORDS: Record<PointGeometry['role'], string> = { grasp: 'grasp', contact: 'contact', place_target: 'place target', other: 'other' };

/** The one value every item has, or MIXED. */
function shared<T>(items: readonly Annotation[], of: (a: Annotation) => T): T | typeof MIXED {
  const first = of(items[0]!);
  return items.every((a) => of(a) === first) ? first : MIXED;
}

/** A point's role: a track's first present keyframe speaks for it (setPointRole keeps them all alike). */
function roleOf(a: Annotation): PointGeometry['role'] {
  if (!isTrack(a.geometry)) return (a.geometry as PointGeometry).role ?? 'other';
  const k = a.geometry.keyframes.find((kf) => kf.value);
  return ((k?.value as PointGeometry | undefined)?.role ?? 'other') as PointGeometry['role'];
}

const kindText = (a: Annotation) => (isTrack(a.geometry) ? `${a.kind} track` : a.kind);
const framesText = ([from, to]: [number, number]) => (from === to ? `frame ${from}` : `frames ${from}–${to}`);

export function InspectorPanel({ ctx }: { ctx: WorkspaceContext }) {
  const { editor } = ctx;
  const items = editor.selection.map((id) => editor.doc.get(id)).filter((a): a is Annotation => a !== undefined);
  const [error, setError] = useState<string | null>(null);
  const selectionKey = editor.selection.join('\n');
  useEffect(() => setError(null), [selectionKey]);

  if (items.length === 0) {
    return (
      <div className="inspector inspector--empty">
        <p className="inspector__hint">Nothing selected. Click an annotation (select tool, V) or pick one in the Annotations tab to see and edit its class, role, owner, vertices and query.</p>
      </div>
    );
  }

  /** One command for the selection; a refusal is shown here and over the canvas, and nothing is sent. */
  function run<A>(cmd: Command<A>, args: A): boolean {
    const r = editor.run(cmd, args, ctx.frame);
    if (isRefusal(r)) {
      setError(r.refused);
      ctx.note(r.refused);
      return false;
    }
    setError(null);
    ctx.session.flush(ctx.camera);
    return true;
  }

  const ids = items.map((a) => a.id);
  const single = items.length === 1 ? items[0]! : null;
  const kind = shared(items, kindText);
  const labelId = shared(items, (a) => a.labelId);
  const source = shared(items, (a) => sourceOf(a).text);
  const spans = items.map((a) => spanOf(a, ctx.episode.length - 1));
  const span: [number, number] = [Math.min(...spans.map((s) => s[0])), Math.max(...spans.map((s) => s[1]))];
  const allPoints = items.every((a) => a.kind === 'point');
  const allTrajectories = items.every((a) => a.kind === 'trajectory');
  const stored = single ? ctx.session.stored.get(single.id) : undefined;
  const author = single ? (stored?.author ?? single.author) : undefined;
  const createdAt = single ? (stored?.createdAt ?? single.createdAt) : undefined;
  const updatedAt = single ? (stored?.updatedAt ?? single.updatedAt) : undefined;

  return (
    <div className="inspector" data-count={items.length} data-kind={kind || 'mixed'}>
      <p className="inspector__title">
        {single ? <strong>{kindText(single)}</strong> : <strong>{items.length} selected</strong>}
        {!single && <span className="inspector__muted"> · {kind || 'mixed kinds'} · edits apply to all</span>}
        <span className="inspector__muted"> · {framesText(span)}</span>
      </p>
      <dl className="inspector__fields">
        <dt>Class</dt>
        <dd>
          <select
            aria-label="Class"
            value={labelId === MIXED ? MIXED : String(labelId ?? 'none')}
            onChange={(e) => run(setLabel, { ids, labelId: e.target.value === 'none' ? null : Number(e.target.value) })}
          >
            {labelId === MIXED && <option value={MIXED}>— mixed —</option>}
            <option value="none">— none —</option>
            {ctx.labels.map((l, i) => (
              <option key={l.id} value={String(l.id)}>
                {i < 9 ? `${i + 1} · ` : ''}
                {l.name}
              </option>
            ))}
          </select>
        </dd>
        {allPoints && (
          <>
            <dt>Role</dt>
            <dd>
              <select aria-label="Role" value={shared(items, roleOf)} onChange={(e) => run(setPointRole, { ids, role: e.target.value as PointGeometry['role'] })}>
                {shared(items, roleOf) === MIXED && <option value={MIXED}>— mixed —</option>}
                {POINT_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_WORDS[r]}
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
        {allTrajectories && (
          <>
            <dt>Owner</dt>
            <dd>
              <select
                aria-label="Owner"
                value={shared(items, (a) => (a.geometry as TrajectoryGeometry).of ?? 'gripper')}
                onChange={(e) => run(setTrajectoryOwner, { ids, of: e.target.value as TrajectoryGeometry['of'] })}
              >
                {shared(items, (a) => (a.geometry as TrajectoryGeometry).of ?? 'gripper') === MIXED && <option value={MIXED}>— mixed —</option>}
                {TRAJECTORY_OWNERS.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p className="inspector__error" role="alert">
          {error}
        </p>
      )}
      <QueryField key={`query:${selectionKey}`} value={shared(items, (a) => a.query ?? null)} mixed={shared(items, (a) => a.query ?? null) === MIXED} onSave={(query) => run(setQuery, { ids, query })} />
      {single?.kind === 'trajectory' && (
        <Vertices
          key={`vertices:${single.id}`}
          trajectory={single.geometry as TrajectoryGeometry}
          frame={ctx.frame}
          last={ctx.episode.length - 1}
          onFrame={(index, frame) => run(setVertexFrame, { id: single.id, index, frame })}
          onInvalid={(text) => {
            setError(text);
            ctx.note(text);
          }}
          onJump={ctx.seek}
        />
      )}
      <p className="inspector__meta" title={single && createdAt !== undefined ? `created ${new Date(createdAt).toLocaleString()} · updated ${new Date(updatedAt ?? createdAt).toLocaleString()}` : undefined}>
        {source || 'mixed sources'}
        {single && ` · ${author ?? 'not stored yet'}`}
        {single && createdAt !== undefined && ` · created ${formatWhen(createdAt)}`}
        {single && updatedAt !== undefined && updatedAt !== createdAt && ` · updated ${formatWhen(updatedAt)}`}
      </p>
    </div>
  );
}

/** Saved on blur or Enter; Escape puts back what is stored. Blank clears the override. */
function QueryField({ value, mixed, onSave }: { value: string | null; mixed: boolean; onSave(query: string | null): boolean }) {
  const stored = mixed ? '' : (value ?? '');
  const [draft, setDraft] = useState(stored);
  // An undo or another window's edit changes what is stored: show it, unless the person is typing.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(stored);
  }, [stored, editing]);
  const save = () => {
    setEditing(false);
    const text = draft.trim();
    // Leaving a mixed field empty keeps each annotation's own query.
    if (mixed ? text === '' : text === stored.trim()) return;
    if (!onSave(draft)) setDraft(stored);
  };
  const keys = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      e.currentTarget.blur();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDraft(stored);
      setEditing(false);
      // Blur after the revert has rendered, so the blur saves nothing.
      const el = e.currentTarget;
      requestAnimationFrame(() => el.blur());
    }
  };
  return (
    <label className="inspector__query">
      <span>Grounding query</span>
      <textarea
        aria-label="Grounding query"
        rows={2}
        maxLength={QUERY_MAX}
        value={draft}
        placeholder={mixed ? 'mixed — type to set one for all' : 'generated from class and role (type to override)'}
        onFocus={() => setEditing(true)}
        onChange={(e) => {
          setEditing(true);
          setDraft(e.target.value);
        }}
        onBlur={save}
        onKeyDown={keys}
      />
    </label>
  );
}

/** A trajectory's vertices: where each is and the frame it belongs to; a refused frame stays in its field, marked. */
interface VerticesProps {
  trajectory: TrajectoryGeometry;
  /** The player's frame, and the episode's last one. */
  frame: number;
  last: number;
  onFrame(index: number, frame: number): boolean;
  onInvalid(text: string): void;
  onJump(frame: number): void;
}

function Vertices({ trajectory, frame, last, onFrame, onInvalid, onJump }: VerticesProps) {
  return (
    <div className="inspector__vertices">
      <span className="inspector__label">Vertices ({trajectory.points.length})</span>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>x</th>
            <th>y</th>
            <th>frame</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {trajectory.points.map((v, i) => (
            <tr key={i} className={v.frame === frame ? 'inspector__vertex--here' : undefined} data-index={i}>
              <td>{i}</td>
              <td>{v.x.toFixed(1)}</td>
              <td>{v.y.toFixed(1)}</td>
              <td>
                <VertexFrame index={i} value={v.frame} last={last} onSave={(f) => onFrame(i, f)} onInvalid={onInvalid} />
              </td>
              <td>
                <Button size="sm" variant="ghost" aria-label={`Go to vertex ${i} (frame ${v.frame})`} title={`Go to frame ${v.frame}`} onClick={() => onJump(v.frame)}>
                  ↦
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VertexFrame(p: { index: number; value: number; last: number; onSave(frame: number): boolean; onInvalid(text: string): void }) {
  const { index, value, last, onSave, onInvalid } = p;
  const [draft, setDraft] = useState(String(value));
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    setDraft(String(value));
    setRefused(false);
  }, [value]);
  const save = () => {
    const n = Number(draft);
    if (draft.trim() === '' || !Number.isInteger(n) || n < 0 || n > last) {
      setRefused(true);
      onInvalid(`vertex ${index}: "${draft}" is not a frame of this episode (0–${last})`);
      return;
    }
    if (n === value) return setRefused(false);
    setRefused(!onSave(n));
  };
  return (
    <input
      type="number"
      min={0}
      step={1}
      aria-label={`Frame of vertex ${index}`}
      aria-invalid={refused}
      className={refused ? 'inspector__refused' : undefined}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          setDraft(String(value));
          setRefused(false);
        }
      }}
    />
  );
}
