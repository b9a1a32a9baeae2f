/**
 * The annotation canvas, props only: a Konva stage with the frame, the static annotations and the
 * interaction overlay. It turns input into image-pixel pointer events for tools, and keeps navigation
 * (wheel zoom around the cursor, Space+drag or middle-button pan, F/0 fit, `=` or Shift+1 for 1:1)
 * to itself. The viewport lives with the caller, so two views can share or persist it.
 */
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { Stage } from 'react-konva';
import type { Rect as ImageRect } from '../editor/geometry';
import type { DrawOp, Handle } from '../editor/types';
import { canvasKeyAction, startsPan, toCanvasPointer, type CanvasPointerEvent, type KeyLike } from './input';
import { handleSpec, toNodeSpec } from './konvaNodes';
import { AnnotationsLayer, ImageLayer, InteractionLayer, SHARP_PIXELS_FROM_SCALE, type AnnotationSource, type CrosshairHandle, type ImageAdjust } from './layers';
import { panBy, pixelAt, pixelCentreOnScreen, screenToImage, wheelFactor, zoomBy, type Point, type Size, type Viewport } from './viewport';

export interface AnnotationCanvasViewProps {
  /** The stage's size in CSS pixels. */
  size: Size;
  /** The current frame, or null while it is not decoded. */
  image: CanvasImageSource | null;
  /** The frame's size in image pixels (the camera's resolution). */
  imageSize: Size;
  /** Bump when `image`'s pixels change but the object does not (a canvas the player draws into). */
  frameVersion?: number;
  viewport: Viewport;
  adjust: ImageAdjust;
  /** Every annotation that is not being edited, rendered at a scale and compiled (compileDrawList). */
  annotations: AnnotationSource;
  /**
   * The selected or edited shape, rendered with RenderStyle.scale = 1 / viewport.scale: drawn on the
   * interaction layer, so dragging it redraws that layer only.
   */
  active?: readonly DrawOp[];
  handles?: readonly Handle[];
  hoveredHandle?: string | null;
  /** A selection rectangle being dragged, in image pixels. */
  rubberBand?: ImageRect | null;
  crosshair?: boolean;
  /** The CSS cursor tools ask for (panning shows a grab hand regardless). */
  cursor?: string;
  onViewport(next: Viewport): void;
  onFit(): void;
  onOneToOne(): void;
  onPointer?(event: CanvasPointerEvent): void;
  /**
   * Space pressed and released without panning: the episode view maps it to play/pause, which
   * Space+drag panning would otherwise take away while the canvas has focus.
   */
  onSpaceTap?(): void;
  /** Keys the canvas does not use itself (tools, labels, undo). */
  onKey?(event: KeyboardEvent<HTMLDivElement>): void;
  /** The milliseconds each draw of the annotations layer took, and whether it painted afresh (for the bench). */
  onPaint?(ms: number, painted: boolean): void;
}

const EMPTY: readonly never[] = [];

export function AnnotationCanvasView(props: AnnotationCanvasViewProps) {
  const { size, viewport, onViewport, onPointer } = props;
  const container = useRef<HTMLDivElement>(null);
  const crosshair = useRef<CrosshairHandle | null>(null);
  const spaceHeld = useRef(false);
  const pannedWithSpace = useRef(false);
  const pan = useRef<{ pointer: number; last: Point } | null>(null);
  // Handlers read the latest viewport through a ref so native listeners need not be re-bound.
  const latest = useRef({ viewport, onViewport });
  latest.current = { viewport, onViewport };
  /**
   * Several wheel or move events can arrive before React renders the last change: each must build
   * on the one before, so the ref is updated at once rather than on the next render.
   */
  const moveView = useCallback((next: Viewport) => {
    latest.current.viewport = next;
    latest.current.onViewport(next);
  }, []);

  const showCrosshair = useCallback((screen: Point | null) => {
    if (!screen) return crosshair.current?.show(null);
    const v = latest.current.viewport;
    const pixel = pixelAt(screenToImage(v, screen));
    // Zoomed in, the lines run through the pixel's centre; half-pixel offsets keep 1px lines crisp.
    const at = v.scale >= SHARP_PIXELS_FROM_SCALE ? pixelCentreOnScreen(v, pixel) : screen;
    crosshair.current?.show({ x: Math.round(at.x) + 0.5, y: Math.round(at.y) + 0.5 }, pixel);
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    // Native and non-passive: React's wheel listener is passive, and the page must not scroll.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = localPoint(element, e);
      moveView(zoomBy(latest.current.viewport, wheelFactor(e.deltaY, e.deltaMode), at));
      showCrosshair(at);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [moveView, showCrosshair]);


  const emit = (type: CanvasPointerEvent['type'], e: PointerEvent<HTMLDivElement>, button: number) => {
    const element = container.current;
    if (element && onPointer) onPointer(toCanvasPointer(type, localPoint(element, e), latest.current.viewport, button, e));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    container.current?.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture(e.pointerId);
    if (startsPan(e.button, spaceHeld.current)) {
      e.preventDefault(); // the middle button would start the browser's autoscroll
      pan.current = { pointer: e.pointerId, last: { x: e.clientX, y: e.clientY } };
      pannedWithSpace.current = spaceHeld.current;
      e.currentTarget.style.cursor = 'grabbing';
      return;
    }
    emit('down', e, e.button);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const element = container.current;
    if (element) showCrosshair(localPoint(element, e));
    const gesture = pan.current;
    if (gesture && gesture.pointer === e.pointerId) {
      moveView(panBy(latest.current.viewport, e.clientX - gesture.last.x, e.clientY - gesture.last.y));
      gesture.last = { x: e.clientX, y: e.clientY };
      return;
    }
    emit('move', e, -1);
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (pan.current?.pointer === e.pointerId) return endPan(e.currentTarget);
    emit('up', e, e.button);
  };

  const onPointerCancel = (e: PointerEvent<HTMLDivElement>) => {
    if (pan.current?.pointer === e.pointerId) endPan(e.currentTarget);
    else emit('cancel', e, e.button);
  };

  const endPan = (element: HTMLElement) => {
    pan.current = null;
    element.style.cursor = props.cursor ?? 'crosshair';
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>, phase: 'down' | 'up') => {
    const action = canvasKeyAction(e as KeyLike, phase);
    if (action === 'pan-key-down' || action === 'pan-key-up') {
      e.preventDefault(); // Space would otherwise also toggle playback or scroll
      e.stopPropagation();
      if (action === 'pan-key-down' && !e.repeat) pannedWithSpace.current = false;
      if (action === 'pan-key-up' && spaceHeld.current && !pannedWithSpace.current) props.onSpaceTap?.();
      spaceHeld.current = action === 'pan-key-down';
      return;
    }
    // A key the annotation mode already used (F sets a keyframe there) is not also a view command.
    if (e.defaultPrevented) return;
    if (action === 'fit') props.onFit();
    else if (action === 'one-to-one') props.onOneToOne();
    else if (phase === 'down') return props.onKey?.(e);
    e.preventDefault();
  };

  const specs = useMemo(() => {
    const active = (props.active ?? EMPTY).map((op) => toNodeSpec(op, viewport));
    const handles = (props.handles ?? EMPTY).map((h) => handleSpec(h, viewport, h.id === props.hoveredHandle));
    return [...active, ...handles];
  }, [props.active, props.handles, props.hoveredHandle, viewport]);

  const setCrosshair = useCallback((handle: CrosshairHandle | null) => {
    crosshair.current = handle;
  }, []);

  return (
    <div
      ref={container}
      className="annotation-canvas"
      tabIndex={0}
      style={{ width: size.width, height: size.height, cursor: props.cursor ?? 'crosshair' }}
      data-scale={viewport.scale.toFixed(3)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onPointerLeave={() => showCrosshair(null)}
      onBlur={() => {
        // A Space released in another window never reaches us: do not stay in pan mode.
        spaceHeld.current = false;
      }}
      onKeyDown={(e) => onKey(e, 'down')}
      onKeyUp={(e) => onKey(e, 'up')}
      onContextMenu={(e) => e.preventDefault()}
    >
      <Stage width={size.width} height={size.height} listening={false}>
        <ImageLayer image={props.image} imageSize={props.imageSize} frameVersion={props.frameVersion ?? 0} viewport={viewport} adjust={props.adjust} />
        <AnnotationsLayer annotations={props.annotations} viewport={viewport} view={size} imageSize={props.imageSize} onPaint={props.onPaint} />
        <InteractionLayer
          specs={specs}
          rubberBand={props.rubberBand ?? null}
          viewport={viewport}
          view={size}
          crosshair={props.crosshair ?? true}
          crosshairRef={setCrosshair}
        />
      </Stage>
    </div>
  );
}

function localPoint(element: HTMLElement, e: { clientX: number; clientY: number }): Point {
  const box = element.getBoundingClientRect();
  return { x: e.clientX - box.left, y: e.clientY - box.top };
}
