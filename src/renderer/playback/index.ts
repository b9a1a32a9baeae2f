/**
 * The episode player: every camera of an episode on one clock, frame-exact. Plots follow it through
 * `subscribeCurrentFrame` / `usePlayerStore` and move it with `playerStore.getState().seek(frame)`.
 */
export { EpisodePlayer, type EpisodePlayerProps } from './components/EpisodePlayer';
export { EpisodePlayerView, type EpisodePlayerViewProps } from './components/EpisodePlayerView';
export { CameraGrid, type CameraGridProps } from './components/CameraGrid';
export { CameraTile, type CameraTileProps } from './components/CameraTile';
export { Timeline, type TimelineProps, type TimelineMarker } from './components/Timeline';
export { usePlaybackEngine } from './components/usePlaybackEngine';
export { usePlayerControls, type PlayerControls } from './components/usePlayerControls';
export { TransportBar, type TransportBarProps } from './components/TransportBar';
export { PlayerTransport, type PlayerTransportProps } from './components/PlayerTransport';
export {
  playerStore,
  usePlayerStore,
  subscribeCurrentFrame,
  createPlayerStore,
  SPEEDS,
  type PlayerStore,
  type PlayerStoreApi,
  type PlayerSnapshot,
  type PlayerActions,
  type CameraStatus,
  type PlaybackStats,
} from './store';
export { PLAYER_STATES, type PlayerState } from './machine';
export { PlaybackEngine, type EngineOptions, type PlayableEpisode } from './engine';
export { openCamera, type OpenCameraOptions } from './decode/openCamera';
export type { CameraFrames } from './decode/cameraFrames';
export type { PlayerError, PlayerErrorKind } from './errors';
