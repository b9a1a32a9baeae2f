import type { ReactNode } from 'react';
import type { CameraStatus } from '../store';
import { codecName } from '../media/codecSupport';

export interface CameraTileProps {
  camera: CameraStatus;
  focused: boolean;
  canvasRef(canvas: HTMLCanvasElement | null): void;
  onClick(): void;
  /** Offered for cameras the browser cannot decode; the button is disabled without it. */
  onTranscode?(camera: string): void;
  /** Drawn over the picture (absolutely placed in the frame box, which the canvas fills). */
  overlay?: ReactNode;
}

/** One camera: its canvas at native resolution (CSS scales it to fit), or why it cannot be shown. */
export function CameraTile({ camera, focused, canvasRef, onClick, onTranscode, overlay }: CameraTileProps) {
  const blocked = camera.status === 'unsupported' || camera.status === 'error';
  return (
    <figure className={focused ? 'player-camera player-camera--focused' : 'player-camera'} data-camera={camera.name} data-status={camera.status}>
      <div className="player-camera__frame" onClick={onClick} title={focused ? 'Back to all cameras (Esc)' : 'Show this camera alone'}>
        {blocked ? (
          <div className="player-camera__message" role="status">
            {camera.status === 'unsupported' ? (
              <>
                <p>
                  This browser cannot decode <strong>{codecName(camera.codec)}</strong> video.
                </p>
                <button
                  type="button"
                  className="btn btn--sm"
                  disabled={!onTranscode}
                  title={onTranscode ? undefined : 'Transcoding is not available in this version of the studio'}
                  onClick={(e) => {
                    e.stopPropagation();
                    onTranscode?.(camera.name);
                  }}
                >
                  Transcode to H.264
                </button>
              </>
            ) : (
              <p>{camera.error?.message ?? 'This camera could not be shown.'}</p>
            )}
          </div>
        ) : (
          <canvas ref={canvasRef} width={camera.width || 640} height={camera.height || 480} aria-label={`Camera ${camera.name}`} />
        )}
        {!blocked && overlay}
        {camera.status === 'loading' && <div className="player-camera__loading">Loading…</div>}
      </div>
      <figcaption className="player-camera__caption">
        <span className="player-camera__name">{camera.name}</span>
        <span className="muted">
          {camera.width}×{camera.height} · {codecName(camera.codec)}
        </span>
      </figcaption>
    </figure>
  );
}
