import type { ReactNode } from 'react';
import type { EpisodeDetail } from '../../../shared/contract/domain';
import { mediaUrl as platformMediaUrl } from '../../platform/media';
import type { PlayableEpisode } from '../engine';
import { usePlayerKeys } from '../keyboard';
import { playerStore, type CameraStatus, type PlayerStoreApi } from '../store';
import { EpisodePlayerView } from './EpisodePlayerView';
import type { TimelineMarker } from './Timeline';
import { usePlayerControls } from './usePlayerControls';

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
  const bound = usePlayerControls(store, episode, mediaUrl);
  usePlayerKeys(store, keyboard);

  return <EpisodePlayerView {...bound} onTranscode={onTranscode} overlay={overlay} markers={markers} controls={controls} />;
}
