import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EpisodeDetail } from '../../../shared/contract/domain';
import { mediaUrl as platformMediaUrl } from '../../platform/media';
import type { PlayableEpisode } from '../engine';
import { usePlayerKeys } from '../keyboard';
import { playerStore, usePlayerStore, type CameraStatus, type PlayerStoreApi } from '../store';
import { EpisodePlayerView } from './EpisodePlayerView';
import type { TimelineMarker } from './Timeline';
import { usePlaybackEngine } from './usePlaybackEngine';

export interface EpisodePlayerProps {
  episode: EpisodeDetail | PlayableEpisode;
  /** Turns a camera's mediaPath into a URL; the platform's by default. */
  mediaUrl?: (mediaPath: string) => string;
  /** The studio's player store unless given (tests, a second player). */
  store?: PlayerStoreApi;
  onTranscode?(camera: string): void;
  /** Whether Space, arrows, Home/End and Esc drive this player. */
  keyboard?: boolean;
  /** Drawn over each camera's picture (same box as the video). */
  overlay?(camera: CameraStatus): ReactNode;
  markers?: TimelineMarker[];
  /** False for a player that follows another's clock: no timeline or transport of its own. */
  controls?: boolean;
}

/** The connected player: owns the engine for its lifetime, loads the episode, binds the canvases. */
export function EpisodePlayer({ episode, mediaUrl = platformMediaUrl, store = playerStore, onTranscode, keyboard = true, overlay, markers, controls }: EpisodePlayerProps) {
  const canvasRef = usePlaybackEngine(store, episode, mediaUrl);
  usePlayerKeys(store, keyboard);

  const player = usePlayerStore(
    useShallow((s) => ({
      state: s.state,
      currentFrame: s.currentFrame,
      targetFrame: s.targetFrame,
      length: s.length,
      fps: s.fps,
      speed: s.speed,
      cameras: s.cameras,
      focused: s.focused,
      error: s.error,
    })),
    store,
  );
  const actions = store.getState();

  return (
    <EpisodePlayerView
      player={player}
      onToggle={actions.toggle}
      onStep={actions.step}
      onSeek={actions.seek}
      onSpeed={actions.setSpeed}
      onFocus={actions.focus}
      canvasRef={canvasRef}
      onTranscode={onTranscode}
      overlay={overlay}
      markers={markers}
      controls={controls}
    />
  );
}
