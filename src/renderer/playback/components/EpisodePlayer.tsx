import { useCallback, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EpisodeDetail } from '../../../shared/contract/domain';
import { mediaUrl as platformMediaUrl } from '../../platform/media';
import { openCamera } from '../decode/openCamera';
import { PlaybackEngine } from '../engine';
import { usePlayerKeys } from '../keyboard';
import { playerStore, usePlayerStore, type PlayerStoreApi } from '../store';
import { EpisodePlayerView } from './EpisodePlayerView';

export interface EpisodePlayerProps {
  episode: EpisodeDetail;
  /** Turns a camera's mediaPath into a URL; the platform's by default. */
  mediaUrl?: (mediaPath: string) => string;
  /** The studio's player store unless given (tests, a second player). */
  store?: PlayerStoreApi;
  onTranscode?(camera: string): void;
  /** Whether Space, arrows, Home/End and Esc drive this player. */
  keyboard?: boolean;
}

const openForPlayer = (camera: EpisodeDetail['cameras'][number], url: string) => openCamera({ camera, url });

/** The connected player: owns the engine for its lifetime, loads the episode, binds the canvases. */
export function EpisodePlayer({ episode, mediaUrl = platformMediaUrl, store = playerStore, onTranscode, keyboard = true }: EpisodePlayerProps) {
  const engine = useRef<PlaybackEngine | null>(null);
  const canvases = useRef(new Map<string, HTMLCanvasElement>());
  const detachers = useRef(new Map<string, () => void>());
  const refCallbacks = useRef(new Map<string, (canvas: HTMLCanvasElement | null) => void>());

  const attach = (camera: string, canvas: HTMLCanvasElement) => {
    detachers.current.get(camera)?.();
    if (engine.current) detachers.current.set(camera, engine.current.attachCanvas(camera, canvas));
  };

  // One stable callback per camera: a new one each render would detach and re-attach every frame.
  const canvasRef = useCallback((camera: string) => {
    let callback = refCallbacks.current.get(camera);
    if (!callback) {
      callback = (canvas) => {
        if (canvas) {
          canvases.current.set(camera, canvas);
          attach(camera, canvas);
        } else {
          canvases.current.delete(camera);
          detachers.current.get(camera)?.();
          detachers.current.delete(camera);
        }
      };
      refCallbacks.current.set(camera, callback);
    }
    return callback;
  }, []);

  useEffect(() => {
    const created = new PlaybackEngine(store, { openCamera: openForPlayer });
    engine.current = created;
    for (const [camera, canvas] of canvases.current) attach(camera, canvas);
    return () => {
      for (const detach of detachers.current.values()) detach();
      detachers.current.clear();
      created.dispose();
      engine.current = null;
    };
  }, [store]);

  useEffect(() => {
    void engine.current?.load(episode, mediaUrl);
  }, [episode, mediaUrl, store]);

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
    />
  );
}
