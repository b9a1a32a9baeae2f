import type { ReactNode } from 'react';
import type { CameraStatus, PlayerSnapshot } from '../store';
import { CameraGrid } from './CameraGrid';
import { PlayerTransport } from './PlayerTransport';
import type { TimelineMarker } from './Timeline';
import './player.css';

export interface EpisodePlayerViewProps {
  player: Pick<PlayerSnapshot, 'state' | 'currentFrame' | 'targetFrame' | 'length' | 'fps' | 'speed' | 'cameras' | 'focused' | 'error'>;
  onToggle(): void;
  onStep(delta: number): void;
  onSeek(frame: number): void;
  onSpeed(speed: number): void;
  onFocus(camera: string | null): void;
  canvasRef(camera: string): (canvas: HTMLCanvasElement | null) => void;
  onTranscode?(camera: string): void;
  /** Drawn over each camera's picture, in the same box as the video. */
  overlay?(camera: CameraStatus): ReactNode;
  /** Events marked on the timeline; clicking one seeks to it. */
  markers?: TimelineMarker[];
  /** False hides the timeline and transport (a player following another's clock). */
  controls?: boolean;
}

/** The episode player drawn from props alone: what tests and screenshots render. */
export function EpisodePlayerView(props: EpisodePlayerViewProps) {
  const { player } = props;
  return (
    <div className="player" data-state={player.state} data-frame={player.currentFrame}>
      {player.state === 'error' ? (
        <div className="player__error" role="alert">
          <strong>The episode's video could not be opened.</strong>
          <p>{player.error?.message}</p>
        </div>
      ) : player.cameras.length === 0 && player.state !== 'loading' ? (
        <div className="player__empty muted">This episode has no camera.</div>
      ) : (
        <CameraGrid
          cameras={player.cameras}
          focused={player.focused}
          onFocus={props.onFocus}
          canvasRef={props.canvasRef}
          onTranscode={props.onTranscode}
          overlay={props.overlay}
        />
      )}
      {props.controls !== false && (
        <PlayerTransport player={player} markers={props.markers} onToggle={props.onToggle} onStep={props.onStep} onSeek={props.onSeek} onSpeed={props.onSpeed} />
      )}
    </div>
  );
}
