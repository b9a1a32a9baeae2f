import { useState } from 'react';
import type { PlayerState } from '../machine';
import { SPEEDS } from '../store';
import { FirstIcon, LastIcon, NextIcon, PauseIcon, PlayIcon, PreviousIcon } from './icons';
import { formatTime } from './timelineMath';

export interface TransportBarProps {
  state: PlayerState;
  currentFrame: number;
  length: number;
  fps: number;
  speed: number;
  onToggle(): void;
  onStep(delta: number): void;
  onSeek(frame: number): void;
  onSpeed(speed: number): void;
}

/** Play/pause, frame steps, jump-to-frame field and speed. Props only. */
export function TransportBar(props: TransportBarProps) {
  const { state, currentFrame, length, fps, speed } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const disabled = !(state === 'paused' || state === 'playing' || state === 'seeking');
  const playing = state === 'playing';
  const last = Math.max(0, length - 1);

  const commit = () => {
    if (draft === null) return;
    const frame = Number.parseInt(draft, 10);
    setDraft(null);
    if (Number.isFinite(frame)) props.onSeek(frame);
  };

  return (
    <div className="player-transport">
      <button type="button" className="player-transport__button" disabled={disabled} title="First frame (Home)" aria-label="First frame" onClick={() => props.onSeek(0)}>
        <FirstIcon />
      </button>
      <button type="button" className="player-transport__button" disabled={disabled} title="Previous frame (←, Shift+← for 10)" aria-label="Previous frame" onClick={() => props.onStep(-1)}>
        <PreviousIcon />
      </button>
      <button
        type="button"
        className="player-transport__button player-transport__button--play"
        disabled={disabled}
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
        aria-label={playing ? 'Pause' : 'Play'}
        onClick={props.onToggle}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button type="button" className="player-transport__button" disabled={disabled} title="Next frame (→, Shift+→ for 10)" aria-label="Next frame" onClick={() => props.onStep(1)}>
        <NextIcon />
      </button>
      <button type="button" className="player-transport__button" disabled={disabled} title="Last frame (End)" aria-label="Last frame" onClick={() => props.onSeek(last)}>
        <LastIcon />
      </button>
      <label className="player-transport__frame">
        <span className="muted">Frame</span>
        <input
          type="number"
          min={0}
          max={last}
          aria-label="Go to frame"
          disabled={disabled}
          value={draft ?? String(currentFrame)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
        <span className="muted">/ {last}</span>
      </label>
      <span className="player-transport__time">{formatTime(currentFrame, fps)}</span>
      <label className="player-transport__speed">
        <span className="muted">Speed</span>
        <select value={String(speed)} aria-label="Playback speed" onChange={(e) => props.onSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="player-transport__fps muted">{fps} fps</span>
    </div>
  );
}
