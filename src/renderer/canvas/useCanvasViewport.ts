/**
 * The viewport of one canvas as React state. It follows "fit" until the user zooms or pans; after
 * that a resize or a new frame size keeps their view (a trackpad twitch must not undo a 16× zoom).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fit, oneToOne, sameViewport, type Size, type Viewport } from './viewport';

export interface CanvasViewport {
  viewport: Viewport;
  /** Sets a viewport the user chose (zoom, pan): fitting stops following the view's size. */
  setViewport(next: Viewport): void;
  fit(): void;
  oneToOne(): void;
}

export function useCanvasViewport(imageSize: Size, view: Size): CanvasViewport {
  const fitted = useRef(true);
  const [viewport, setState] = useState<Viewport>(() => fit(imageSize, view));
  const set = useCallback((next: Viewport) => setState((v) => (sameViewport(v, next) ? v : next)), []);

  useEffect(() => {
    if (fitted.current) set(fit(imageSize, view));
  }, [imageSize.width, imageSize.height, view.width, view.height, set]);

  return {
    viewport,
    setViewport: useCallback(
      (next: Viewport) => {
        fitted.current = false;
        set(next);
      },
      [set],
    ),
    fit: useCallback(() => {
      fitted.current = true;
      set(fit(imageSize, view));
    }, [imageSize.width, imageSize.height, view.width, view.height, set]),
    oneToOne: useCallback(() => {
      fitted.current = false;
      setState((v) => oneToOne(v, imageSize, view));
    }, [imageSize.width, imageSize.height, view.width, view.height]),
  };
}
