import { useShallow } from 'zustand/react/shallow';
import type { PlayableEpisode } from '../engine';
import { usePlayerStore, type PlayerStoreApi } from '../store';
import type { EpisodePlayerViewProps } from './EpisodePlayerView';
import { usePlaybackEngine } from './usePlaybackEngine';

/** What a player view needs from its store and engine: the snapshot it draws, the actions, the canvases. */
export type PlayerControls = Pick<EpisodePlayerViewProps, 'player' | 'onToggle' | 'onStep' | 'onSeek' | 'onSpeed' | 'onFocus' | 'canvasRef'>;

/**
 * Plays `episode` on `store` for the component's lifetime and returns the props that bind a view to it,
 * for the episode player and every view built from its parts (rollout player, compare pane).
 */
export function usePlayerControls(store: PlayerStoreApi, episode: PlayableEpisode | null, mediaUrl: (mediaPath: string) => string): PlayerControls {
  const canvasRef = usePlaybackEngine(store, episode, mediaUrl);
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
  return { player, onToggle: actions.toggle, onStep: actions.step, onSeek: actions.seek, onSpeed: actions.setSpeed, onFocus: actions.focus, canvasRef };
}
