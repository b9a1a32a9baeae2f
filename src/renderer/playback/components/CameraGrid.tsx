import { memo, type ReactNode } from 'react';
import type { CameraStatus } from '../store';
import { CameraTile } from './CameraTile';

export interface CameraGridProps {
  cameras: CameraStatus[];
  focused: string | null;
  onFocus(camera: string | null): void;
  /** Hands each camera's canvas to whoever draws on it (null when it goes away). */
  canvasRef(camera: string): (canvas: HTMLCanvasElement | null) => void;
  onTranscode?(camera: string): void;
  /** Drawn over each camera's picture; keep it stable (or memoised) so frame ticks do not re-render tiles needlessly. */
  overlay?(camera: CameraStatus): ReactNode;
}

/**
 * All cameras side by side, or the focused one alone. Memoised: the frame ticking 30 times a second
 * re-renders the transport, not the tiles, whose canvases are drawn directly by the engine.
 */
export const CameraGrid = memo(function CameraGrid({ cameras, focused, onFocus, canvasRef, onTranscode, overlay }: CameraGridProps) {
  const shown = focused ? cameras.filter((c) => c.name === focused) : cameras;
  const columns = shown.length <= 3 ? Math.max(1, shown.length) : Math.ceil(Math.sqrt(shown.length));
  return (
    <div className="player-cameras" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
      {shown.map((camera) => (
        <CameraTile
          key={camera.name}
          camera={camera}
          focused={focused === camera.name}
          canvasRef={canvasRef(camera.name)}
          onClick={() => onFocus(focused === camera.name ? null : camera.name)}
          onTranscode={onTranscode}
          overlay={overlay?.(camera)}
        />
      ))}
    </div>
  );
});
