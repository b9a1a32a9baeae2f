/**
 * The Segments lane under the canvas, on the player timeline's x scale: the episode's phase segments as
 * coloured spans, the playhead, and a small editor for the selected one. Every change goes through the
 * editor (run, or begin/update/commit for a drag) and is flushed at once: one undo step, saved.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type MouseEvent, type PointerEvent } from 'react';
import { laneTrack } from '../../../components/timelineLane';
import { TimelineLane } from '../../../components/TimelineLane';
import { createAnnotation, deleteAnnotation, setSegmentSpan, type Command } from '../../../editor/commands';
import { isRefusal, type Annotation } from '../../../editor/types';
import {
  dragSpan, frameAt, hitSegment, laneRows, newSegment, PHASE_COLORS, PHASES, setSegmentPhase, setSegmentText, spanOfSegment, spanStyle,
  type DragMode, type LaneHit, type LaneScale, type Phase,
} from './segmentsLaneModel';
import type { WorkspaceContext, WorkspacePanel } from './types';
import './SegmentsLane.css';

const ROW_PX = 22;
/** A press that moves less than this is a click (select, deselect), not a drag. */
const DRAG_PX = 3;
const PHASE_KEY = 'st4vla.annotate.segmentPhase';

interface Drag {
  pointerId: number;
  mode: DragMode;
  hit: LaneHit | null;
  from: number;
  startX: number;
  /** Set once the pointer has moved far enough to be a drag: the editor's gesture is open. */
  id: string | null;
}

function storedPhase(): Phase {
  try {
    const v = globalThis.localStorage?.getItem(PHASE_KEY);
    return (PHASES as readonly string[]).includes(v ?? '') ? (v as Phase) : 'approach';
  } catch {
    return 'approach';
  }
}

export function SegmentsLane({ ctx }: { ctx: WorkspaceContext }) {
  const { editor, session, camera } = ctx;
  const subscribe = useCallback((listener: () => void) => editor.subscribe(listener), [editor]);
  useSyncExternalStore(subscribe, () => editor.version);
  const [phase, setPhase] = useState<Phase>(storedPhase);
  const [hover, setHover] = useState<LaneHit['part'] | 'empty'>('empty');
  const drag = useRef<Drag | null>(null);

  // The lane re-renders on every frame of playback; the rows change only with the document.
  const revision = editor.doc.revision;
  const rows = useMemo(() => laneRows(editor.doc.all()), [editor, revision]);
  const rowCount = Math.max(1, ...rows.map((r) => r.row + 1));
  const selected = rows.find((r) => editor.selection.includes(r.segment.id))?.segment ?? null;

  const rememberPhase = (next: Phase) => {
    setPhase(next);
    try {
      globalThis.localStorage?.setItem(PHASE_KEY, next);
    } catch {
      // Without storage the phase is remembered until the workspace closes.
    }
  };

  const run = <A,>(cmd: Command<A>, args: A, frame: number) => {
    const result = editor.run(cmd, args, frame);
    ctx.note(isRefusal(result) ? result.refused : null);
    session.flush(camera);
  };

  // In page pixels, on the lane's track as it is now: the lane is laid out under the timeline, not measured.
  const pointerAt = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const scale: LaneScale = { ...laneTrack(rect), length: ctx.episode.length };
    const row = Math.min(rowCount - 1, Math.max(0, Math.floor((e.clientY - rect.top) / ROW_PX)));
    return { x: e.clientX, scale, hit: hitSegment(e.clientX, row, rows, scale) };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || drag.current || ctx.episode.length < 1) return;
    const { x, scale, hit } = pointerAt(e);
    const segment = hit ? editor.doc.get(hit.id) : undefined;
    const span = segment ? spanOfSegment(segment) : null;
    const mode: DragMode = !hit || !span ? { type: 'create' } : hit.part === 'body' ? { type: 'move', span } : { type: 'resize', edge: hit.part, span };
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, mode, hit, from: frameAt(x, scale), startX: x, id: null };
    if (hit) editor.select([hit.id]);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) {
      const { hit } = pointerAt(e);
      setHover(hit?.part ?? 'empty');
      return;
    }
    const { x, scale } = pointerAt(e);
    if (d.id === null) {
      if (Math.abs(x - d.startX) < DRAG_PX) return;
      const isNew = d.mode.type === 'create';
      d.id = isNew ? editor.newId() : d.hit!.id;
      const name = isNew ? 'createSegment' : d.mode.type === 'move' ? 'moveSegment' : 'resizeSegment';
      // Undo brings the player back to where the segment started.
      editor.begin(name, d.mode.type === 'create' ? d.from : d.mode.span.frame);
    }
    const span = dragSpan(d.mode, d.from, frameAt(x, scale), ctx.episode.length);
    const refused =
      d.mode.type === 'create'
        ? editor.update(createAnnotation, { annotation: newSegment(d.id, span, phase) })
        : editor.update(setSegmentSpan, { id: d.id, ...span });
    if (refused) ctx.note(refused.refused);
  };

  const finish = (e: PointerEvent<HTMLDivElement>, keep: boolean) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d.id === null) {
      // A click on the empty lane lets go of the selected segment.
      if (!d.hit && keep) editor.select([]);
      return;
    }
    if (!keep || !editor.inGesture) {
      editor.cancel();
      return;
    }
    const batch = editor.commit();
    if (batch && d.mode.type === 'create') editor.select([d.id]);
    session.flush(camera);
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>) => {
    const { x, scale, hit } = pointerAt(e);
    const segment = hit ? editor.doc.get(hit.id) : undefined;
    ctx.seek(segment ? segment.frame : frameAt(x, scale));
  };

  const cursor = hover === 'empty' ? 'copy' : hover === 'body' ? 'grab' : 'ew-resize';
  return (
    <div className="segments-lane" aria-label="Segments">
      <SegmentEditor
        segment={selected}
        phase={phase}
        onNextPhase={rememberPhase}
        onPhase={(s, next) => {
          rememberPhase(next);
          run(setSegmentPhase, { id: s.id, phase: next }, s.frame);
        }}
        onText={(s, text) => run(setSegmentText, { id: s.id, text }, s.frame)}
        onDelete={(s) => run(deleteAnnotation, { ids: [s.id] }, s.frame)}
      />
      <TimelineLane
        title="Segments"
        aria-label="Segments lane"
        className="segments-lane__strip"
        length={ctx.episode.length}
        currentFrame={ctx.frame}
        empty={rows.length === 0 ? `Drag here to add a segment (${phase})` : undefined}
        style={{ height: rowCount * ROW_PX, cursor }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => finish(e, true)}
        onPointerCancel={(e) => finish(e, false)}
        onPointerLeave={() => setHover('empty')}
        onDoubleClick={onDoubleClick}
      >
        {rows.map(({ segment, row }) => (
          <SegmentSpan key={segment.id} segment={segment} row={row} length={ctx.episode.length} selected={segment.id === selected?.id} />
        ))}
      </TimelineLane>
    </div>
  );
}

function SegmentSpan({ segment, row, length, selected }: { segment: Annotation; row: number; length: number; selected: boolean }) {
  const span = spanOfSegment(segment);
  const g = segment.geometry as { phase: Phase; text: string };
  const color = PHASE_COLORS[g.phase] ?? PHASE_COLORS.other;
  return (
    <div
      className={`segments-lane__span${selected ? ' segments-lane__span--selected' : ''}`}
      data-id={segment.id}
      data-phase={g.phase}
      data-start={span.frame}
      data-end={span.endFrame}
      aria-label={`${g.phase} segment, frames ${span.frame} to ${span.endFrame}${g.text ? `: ${g.text}` : ''}`}
      title={`${g.phase} · frames ${span.frame}–${span.endFrame}${g.text ? `\n${g.text}` : ''}`}
      style={{ ...spanStyle(span, length), top: row * ROW_PX + 2, height: ROW_PX - 4, borderColor: color, background: `${color}${selected ? '80' : '4d'}` }}
    >
      <span className="segments-lane__name">
        {g.phase}
        {g.text ? <span className="segments-lane__text"> · {g.text}</span> : null}
      </span>
    </div>
  );
}

interface SegmentEditorProps {
  segment: Annotation | null;
  /** The phase of the next segment drawn. */
  phase: Phase;
  onNextPhase(phase: Phase): void;
  onPhase(segment: Annotation, phase: Phase): void;
  onText(segment: Annotation, text: string): void;
  onDelete(segment: Annotation): void;
}

function SegmentEditor({ segment, phase, onNextPhase, onPhase, onText, onDelete }: SegmentEditorProps) {
  const g = segment?.geometry as { phase: Phase; text: string } | undefined;
  const [draft, setDraft] = useState(g?.text ?? '');
  /** Escape leaves the field without saving what was typed. */
  const discard = useRef(false);
  // A different segment, or this one's text saved elsewhere (undo, another window), resets the field.
  useEffect(() => setDraft(g?.text ?? ''), [segment?.id, g?.text]);
  const phaseOptions = PHASES.map((p) => (
    <option key={p} value={p}>
      {p}
    </option>
  ));
  if (!segment || !g) {
    return (
      <div className="segments-lane__editor">
        <strong className="segments-lane__title">Segments</strong>
        <label>
          Next segment
          <select aria-label="Phase of the next segment" value={phase} onChange={(e) => onNextPhase(e.target.value as Phase)}>
            {phaseOptions}
          </select>
        </label>
        <span className="muted">Drag a segment to move it, its edges to resize · double-click jumps to it</span>
      </div>
    );
  }
  const span = spanOfSegment(segment);
  const save = () => {
    if (discard.current) discard.current = false;
    else if (draft !== g.text) onText(segment, draft);
  };
  return (
    <div className="segments-lane__editor" aria-label="Selected segment">
      <strong className="segments-lane__title">Segment</strong>
      <label>
        Phase
        <select aria-label="Segment phase" value={g.phase} onChange={(e) => onPhase(segment, e.target.value as Phase)}>
          {phaseOptions}
        </select>
      </label>
      <input
        className="segments-lane__input"
        aria-label="Segment text"
        placeholder="Instruction or note for this span"
        maxLength={2000}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            discard.current = true;
            setDraft(g.text);
            e.currentTarget.blur();
          }
        }}
      />
      <span className="segments-lane__frames">
        frames {span.frame}–{span.endFrame}
      </span>
      <button type="button" className="segments-lane__delete" onClick={() => onDelete(segment)}>
        Delete
      </button>
    </div>
  );
}

export const segmentsLanePanel: WorkspacePanel = { id: 'segments', title: 'Segments', place: 'bottom', Component: SegmentsLane };
