/**
 * Every camera of the episode as an annotation canvas, side by side, or the focused one alone. The
 * player's one clock drives all of them: each tile draws the frame the player presented for its
 * camera (usePlayerFrame), so the tiles never disagree about the frame.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { playerStore, usePlayerStore, type CameraStatus, type PlayerStoreApi } from '../playback';
import { AnnotationCanvas, type AnnotationCanvasProps } from './AnnotationCanvas';
import { useFrameFeed, usePlayerFrame, type FrameFeed } from './usePlayerFrame';

export interface CameraCanvasGridProps {
  cameras: readonly CameraStatus[];
  focused: string | null;
  onFocus(camera: string | null): void;
  tile(camera: CameraStatus): ReactNode;
}

/** The layout, props only: as many columns as cameras up to three, then a square-ish grid. */
export function CameraCanvasGrid({ cameras, focused, onFocus, tile }: CameraCanvasGridProps) {
  const shown = focused ? cameras.filter((c) => c.name === focused) : cameras;
  const columns = shown.length <= 3 ? Math.max(1, shown.length) : Math.ceil(Math.sqrt(shown.length));
  return (
    <div className="camera-canvases" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
      {shown.map((camera) => (
        <figure key={camera.name} className="camera-canvas" data-camera={camera.name} style={{ margin: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <figcaption className="camera-canvas__caption">
            <span>{camera.name}</span>
            <button type="button" className="btn btn--sm" onClick={() => onFocus(focused === camera.name ? null : camera.name)}>
              {focused === camera.name ? 'All cameras' : 'Focus'}
            </button>
          </figcaption>
          <div style={{ flex: 1, minHeight: 0 }}>{tile(camera)}</div>
        </figure>
      ))}
    </div>
  );
}

/** What the episode view puts on one camera's canvas: its annotations, the tool's feedback and input handlers. */
export type CameraContent = Omit<AnnotationCanvasProps, 'image' | 'imageSize' | 'frameVersion'>;

export interface PlayerCameraCanvasProps {
  feed: FrameFeed | null;
  camera: CameraStatus;
  content: CameraContent;
}

/** One camera's canvas showing the player's current frame of that camera. */
export function PlayerCameraCanvas({ feed, camera, content }: PlayerCameraCanvasProps) {
  const frame = usePlayerFrame(feed, camera.name);
  // The camera's own size first: a fresh canvas is 300×150 until the player draws into it.
  const imageSize = { width: camera.width || frame.image?.width || 0, height: camera.height || frame.image?.height || 0 };
  return <AnnotationCanvas {...content} image={frame.image} imageSize={imageSize} frameVersion={frame.version} />;
}

export interface PlayerCameraCanvasesProps {
  /** The annotations and handlers of each camera. */
  contentFor(camera: string): CameraContent;
  store?: PlayerStoreApi;
}

/** Connected: the cameras and the focus from the player's store, the frames from its engine. */
export function PlayerCameraCanvases({ contentFor, store = playerStore }: PlayerCameraCanvasesProps) {
  const { cameras, focused } = usePlayerStore(useShallow((s) => ({ cameras: s.cameras, focused: s.focused })), store);
  const feed = useFrameFeed(store);
  return (
    <CameraCanvasGrid
      cameras={cameras}
      focused={focused}
      onFocus={store.getState().focus}
      tile={(camera) => <PlayerCameraCanvas feed={feed} camera={camera} content={contentFor(camera.name)} />}
    />
  );
}
