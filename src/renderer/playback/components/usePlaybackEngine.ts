import { useCallback, useEffect, useRef } from 'react';
import type { CameraInfo } from '../../../shared/contract/domain';
import { openCamera } from '../decode/openCamera';
import { PlaybackEngine, type PlayableEpisode } from '../engine';
import type { PlayerStoreApi } from '../store';

const openForPlayer = (camera: CameraInfo, url: string) => openCamera({ camera, url });

/**
 * Owns a playback engine on `store` for the component's lifetime, loads `episode` into it and binds
 * the cameras' canvases. Returns the per-camera canvas ref the camera grid takes. Shared by the
 * episode player and views built from the same parts (the rollout player).
 */
export function usePlaybackEngine(
  store: PlayerStoreApi,
  episode: PlayableEpisode | null,
  mediaUrl: (mediaPath: string) => string,
): (camera: string) => (canvas: HTMLCanvasElement | null) => void {
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
    if (episode) void engine.current?.load(episode, mediaUrl);
    else engine.current?.unload();
  }, [episode, mediaUrl, store]);

  return canvasRef;
}
