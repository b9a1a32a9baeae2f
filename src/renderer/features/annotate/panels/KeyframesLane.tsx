/**
 * The Keyframes lane under the canvas: the selected track's keyframes as ticks on the timeline's x scale
 * (a person's solid, a machine's hollow and coloured), interpolated stretches shaded, absences hatched.
 * A click anywhere seeks there; a tick is a target wide enough to hit.
 */
import { useMemo } from 'react';
import { laneLeft, laneSpan } from '../../../components/timelineLane';
import { TimelineLane } from '../../../components/TimelineLane';
import { keyframeMarks } from './keyframeMarks';
import type { WorkspaceContext } from './types';
import './panels.css';

export function KeyframesLane({ ctx }: { ctx: WorkspaceContext }) {
  const { editor, episode } = ctx;
  const length = episode.length;
  const selected = editor.selection.length === 1 ? editor.doc.get(editor.selection[0]!) : undefined;
  const target = selected && selected.kind !== 'segment' ? selected : undefined;
  // The editor is mutated in place: its version says when the track changed.
  const marks = useMemo(() => (target ? keyframeMarks(target, length) : null), [target, length, editor.version]);
  return (
    <TimelineLane
      title="Keyframes"
      className="keyframes-lane"
      length={length}
      currentFrame={ctx.frame}
      onSeek={ctx.seek}
      empty={marks ? undefined : editor.selection.length > 1 ? 'Select one annotation to see its keyframes' : 'Select a track to see its keyframes'}
    >
      {marks?.interpolated.map(([from, to]) => (
        <span key={`i${from}`} className="keyframes-lane__interp" style={laneSpan(from, to, length)} title={`frames ${from}–${to} interpolated`} />
      ))}
      {marks?.absent.map(([from, to]) => (
        <span key={`a${from}`} className="keyframes-lane__absent" style={laneSpan(from, to, length)} title={`absent from frame ${from} to ${to}`} />
      ))}
      {marks?.ticks.map((t) => (
        <button
          key={t.frame}
          type="button"
          className={`keyframes-lane__tick keyframes-lane__tick--${t.source === 'manual' ? 'manual' : 'auto'}${t.absent ? ' keyframes-lane__tick--absent' : ''}`}
          style={{ left: laneLeft(t.frame, length) }}
          data-frame={t.frame}
          data-source={t.source}
          title={`frame ${t.frame}: ${t.absent ? 'absent from here' : 'keyframe'}${t.source === 'manual' ? '' : ` (${t.source})`}`}
          aria-label={`keyframe at frame ${t.frame}`}
          onPointerDown={(e) => {
            // The tick's own frame, not the pixel under the pointer.
            e.stopPropagation();
            ctx.seek(t.frame);
          }}
        />
      ))}
    </TimelineLane>
  );
}
