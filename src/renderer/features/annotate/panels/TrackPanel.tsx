/**
 * The Track panel: propagate the selected point or box forward or backward with the backend's tracker,
 * then store the answer as tracked keyframes in one undoable edit. The frame where the tracker lost
 * confidence is shown with its reason and a button to go there and correct it.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrackGeometry } from '../../../../shared/contract/annotations';
import type { JobProgress } from '../../../../shared/contract/domain';
import { ApiError } from '../../../../shared/contract/errors';
import {
  TRACK_CONFIDENCE_CHOICES, TRACK_DEFAULT_FRAMES, TRACK_DEFAULT_MIN_CONFIDENCE, TRACK_MAX_FRAMES, type TrackStop,
} from '../../../../shared/contract/tracking';
import { Button } from '../../../components/Button';
import { ProgressBar } from '../../../components/ProgressBar';
import { isTrack, keyframeAt } from '../../../editor/kinds/track';
import { applyTracking, trackableFrames, trackStart } from '../../../editor/trackCommands';
import { isRefusal, type Annotation } from '../../../editor/types';
import { getStudioClient } from '../../../platform/client';
import type { WorkspaceContext } from './types';
import './TrackPanel.css';

type Direction = 'forward' | 'backward';

interface Outcome {
  direction: Direction;
  start: number;
  tracked: number;
  stopped: TrackStop | null;
  reachedEdge: boolean;
}

const REASONS: Record<TrackStop['reason'], string> = {
  low_confidence: 'low confidence',
  lost: 'target lost',
  left_image: 'left the image',
};

/** How the value on this frame came about: a person's keyframe, a machine's (with its confidence), or in between. */
export function frameOrigin(a: Annotation, frame: number): string {
  if (!isTrack(a.geometry)) return a.frame === frame ? `${a.source ?? 'manual'} (single frame)` : `not on this frame`;
  const keyframes = (a.geometry as TrackGeometry).keyframes;
  const k = keyframeAt(a.geometry as TrackGeometry, frame);
  if (!k) {
    const last = keyframes[keyframes.length - 1]!;
    return frame > last.frame ? `held from the ${last.source} keyframe on frame ${last.frame}` : 'interpolated between keyframes';
  }
  if (k.value === null) return 'marked absent';
  return k.confidence !== undefined ? `${k.source} keyframe, confidence ${k.confidence.toFixed(2)}` : `${k.source} keyframe`;
}

const framesWord = (n: number) => `${n} frame${n === 1 ? '' : 's'}`;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function TrackPanel({ ctx }: { ctx: WorkspaceContext }) {
  const [frames, setFrames] = useState(TRACK_DEFAULT_FRAMES);
  const [minConfidence, setMinConfidence] = useState<number>(TRACK_DEFAULT_MIN_CONFIDENCE);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [running, setRunning] = useState<{ jobId: string; direction: Direction } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useRef<string | null>(null);

  // Leaving the panel or the episode stops a run nobody will see the end of.
  useEffect(() => () => {
    if (job.current) void getStudioClient().call('tracking.cancel', { jobId: job.current }).catch(() => undefined);
  }, []);

  const selected = ctx.editor.selection.length === 1 ? ctx.editor.doc.get(ctx.editor.selection[0]!) : undefined;
  const start = ctx.editor.selection.length > 1 ? { refused: 'select only one point or box' } : trackStart(selected, ctx.frame);

  async function run(direction: Direction) {
    if (!selected || isRefusal(start) || running) return;
    const id = selected.id;
    const from = ctx.frame;
    const count = trackableFrames(selected, from, direction, frames, ctx.episode.length);
    if (count === 0) {
      setError(`nothing to track ${direction} from frame ${from}: the episode ends there or the next frame has a keyframe you set`);
      return;
    }
    const client = getStudioClient();
    const jobId = `track-${id}-${Date.now()}`;
    job.current = jobId;
    setRunning({ jobId, direction });
    setError(null);
    setOutcome(null);
    setProgress(null);
    const off = client.on('job.progress', (p) => p.jobId === jobId && setProgress(p));
    const shape = start.kind === 'point' ? { kind: 'point' as const, geometry: start.value } : { kind: 'box' as const, geometry: start.value };
    try {
      const result = await client.call('tracking.propagate', { episodeId: ctx.episode.id, camera: ctx.camera, ...shape, frame: from, direction, frames: count, minConfidence, jobId });
      if (result.steps.length > 0) {
        // The session's editor, not the one this render saw: a reload may have replaced it meanwhile.
        const applied = ctx.session.editor.run(applyTracking, { id, start: from, direction, frames: count, steps: result.steps }, from);
        if (isRefusal(applied)) throw new Error(applied.refused);
        ctx.session.flush(ctx.camera);
      }
      setOutcome({ direction, start: from, tracked: result.steps.length, stopped: result.stopped, reachedEdge: result.reachedEdge });
      const done = `Tracked ${framesWord(result.steps.length)} ${direction}`;
      ctx.note(result.stopped ? `${done}; stopped at frame ${result.stopped.frame}: ${REASONS[result.stopped.reason]}` : done);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'cancelled') ctx.note('Tracking cancelled; nothing was changed');
      else setError(messageOf(e));
    } finally {
      off();
      job.current = null;
      setRunning(null);
    }
  }

  const cancel = () => running && void getStudioClient().call('tracking.cancel', { jobId: running.jobId }).catch((e: unknown) => setError(messageOf(e)));

  return (
    <TrackPanelView
      target={isRefusal(start) ? { refused: start.refused } : { kind: start.kind, origin: frameOrigin(selected!, ctx.frame) }}
      frame={ctx.frame}
      frames={frames}
      onFrames={setFrames}
      minConfidence={minConfidence}
      onMinConfidence={setMinConfidence}
      running={running?.direction ?? null}
      progress={progress}
      outcome={outcome}
      error={error}
      onTrack={(d) => void run(d)}
      onCancel={cancel}
      onJump={ctx.seek}
    />
  );
}

export interface TrackPanelViewProps {
  target: { refused: string } | { kind: 'point' | 'box'; origin: string };
  frame: number;
  frames: number;
  onFrames(n: number): void;
  /** Tracking stops at the first frame below this confidence. */
  minConfidence: number;
  onMinConfidence(value: number): void;
  running: Direction | null;
  progress: JobProgress | null;
  outcome: Outcome | null;
  error: string | null;
  onTrack(direction: Direction): void;
  onCancel(): void;
  onJump(frame: number): void;
}

export function TrackPanelView(p: TrackPanelViewProps) {
  const ready = !('refused' in p.target) && p.running === null;
  return (
    <div className="track-panel" data-running={p.running !== null}>
      <p className="track-panel__target">
        {'refused' in p.target ? (
          <span className="track-panel__hint">{p.target.refused}</span>
        ) : (
          <>
            <strong>{p.target.kind === 'box' ? 'Box' : 'Point'}</strong> on frame {p.frame}: <span className="track-panel__origin">{p.target.origin}</span>
          </>
        )}
      </p>
      <label className="track-panel__frames">
        Frames
        <input
          type="number"
          min={1}
          max={TRACK_MAX_FRAMES}
          value={p.frames}
          aria-label="Frames to track"
          onChange={(e) => p.onFrames(Math.max(1, Math.min(TRACK_MAX_FRAMES, Math.round(Number(e.target.value)) || 1)))}
        />
      </label>
      <label className="track-panel__frames">
        Stop below
        <select aria-label="Stop below confidence" value={p.minConfidence} onChange={(e) => p.onMinConfidence(Number(e.target.value))}>
          {TRACK_CONFIDENCE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c.toFixed(1)}
            </option>
          ))}
        </select>
      </label>
      <div className="track-panel__buttons">
        <Button size="sm" disabled={!ready} onClick={() => p.onTrack('backward')}>
          ◀ Track backward
        </Button>
        <Button size="sm" variant="primary" disabled={!ready} onClick={() => p.onTrack('forward')}>
          Track forward ▶
        </Button>
      </div>
      {p.running && (
        <div className="track-panel__progress">
          <ProgressBar
            compact
            done={p.progress?.done ?? 0}
            total={p.progress?.phase === 'tracking' ? p.progress.total : 0}
            label={p.progress?.phase === 'tracking' ? `Tracking ${p.running}` : 'Decoding frames'}
          />
          <Button size="sm" variant="ghost" onClick={p.onCancel}>
            Cancel
          </Button>
        </div>
      )}
      {p.outcome && <OutcomeView outcome={p.outcome} onJump={p.onJump} />}
      {p.error && (
        <p className="track-panel__error" role="alert">
          {p.error}
        </p>
      )}
    </div>
  );
}

function OutcomeView({ outcome, onJump }: { outcome: Outcome; onJump(frame: number): void }) {
  const { stopped } = outcome;
  return (
    <div className="track-panel__outcome" data-stopped={stopped ? stopped.frame : ''}>
      <p>
        Tracked {framesWord(outcome.tracked)} {outcome.direction} from frame {outcome.start}
        {!stopped && outcome.reachedEdge ? ', to the episode’s edge' : ''}.
      </p>
      {stopped && (
        <div className="track-panel__flag" role="status">
          <span className="track-panel__flag-title">
            Flagged frame {stopped.frame}: {REASONS[stopped.reason]} ({stopped.confidence.toFixed(2)})
          </span>
          <span className="track-panel__flag-detail">{stopped.message}</span>
          <Button size="sm" onClick={() => onJump(stopped.frame)}>
            Jump to frame {stopped.frame}
          </Button>
        </div>
      )}
    </div>
  );
}
