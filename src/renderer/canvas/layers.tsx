/**
 * The three layers of the canvas, each its own <canvas>, so that what changes redraws alone:
 * the frame (once per frame or zoom), the static annotations (one Konva.Shape painting the whole draw
 * list, or blitting its last raster while the view moves), and the interaction overlay (selected shape, handles, rubber band, crosshair).
 * Nothing listens for Konva hits: tools hit-test through the kinds' utils in image pixels.
 */
import type Konva from 'konva';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Arrow, Circle, Group, Image as KonvaImage, Layer, Line, Rect, Shape, Text } from 'react-konva';
import type { Rect as ImageRect } from '../editor/geometry';
import { paintDrawList, TEXT_HALO, type DrawList } from './drawList';
import type { NodeSpec } from './konvaNodes';
import { blitFor, rasterDecision, rasterSize, rasterViewport, SETTLE_MS, type RasterKey } from './raster';
import type { Size, Viewport } from './viewport';

/** Past this zoom pixels are shown as squares: annotators place points on pixels, not on a blur. */
export const SHARP_PIXELS_FROM_SCALE = 2;

export interface ImageAdjust {
  /** Multipliers: 1 leaves the frame as decoded. */
  brightness: number;
  contrast: number;
}

export const NO_ADJUST: ImageAdjust = { brightness: 1, contrast: 1 };

/** The CSS filter for an adjustment, or '' when there is nothing to do. */
export const cssFilterOf = (a: ImageAdjust): string =>
  a.brightness === 1 && a.contrast === 1 ? '' : `brightness(${a.brightness}) contrast(${a.contrast})`;

export interface ImageLayerProps {
  image: CanvasImageSource | null;
  imageSize: Size;
  /** Changes whenever the source's pixels do (a player canvas is the same element every frame). */
  frameVersion: number;
  viewport: Viewport;
  adjust: ImageAdjust;
}

/**
 * Brightness and contrast are a CSS filter on this layer's own canvas: the compositor applies it to
 * the finished layer, with no per-pixel JavaScript and no cache to rebuild. Konva's Brighten/Contrast
 * filters need `cache()` and run in JS over every pixel: ~1M pixels for 1280×720 on each new frame.
 */
export function ImageLayer({ image, imageSize, frameVersion, viewport, adjust }: ImageLayerProps) {
  const layer = useRef<Konva.Layer>(null);
  const filter = cssFilterOf(adjust);
  useEffect(() => {
    const canvas = layer.current?.getCanvas()._canvas;
    if (canvas) canvas.style.filter = filter;
  }, [filter]);
  useEffect(() => {
    layer.current?.batchDraw();
  }, [frameVersion]);
  return (
    <Layer ref={layer} listening={false} imageSmoothingEnabled={viewport.scale < SHARP_PIXELS_FROM_SCALE}>
      {image && (
        <KonvaImage
          image={image}
          x={viewport.x}
          y={viewport.y}
          width={imageSize.width}
          height={imageSize.height}
          scaleX={viewport.scale}
          scaleY={viewport.scale}
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
    </Layer>
  );
}

/**
 * The static annotations as a draw list rendered by the kinds with `RenderStyle.scale` = the given
 * image pixels per screen pixel (it places labels beside their shapes). Called only when the layer paints afresh (after an edit, when the
 * view settles or outgrows its raster), never per frame of a pan or zoom; a new function means an edit.
 */
export type AnnotationSource = (scale: number) => DrawList;

export interface AnnotationsLayerProps {
  annotations: AnnotationSource;
  viewport: Viewport;
  view: Size;
  imageSize: Size;
  /** Called after each draw of the layer with its milliseconds and whether it painted afresh (the bench reads it). */
  onPaint?(ms: number, painted: boolean): void;
}

interface Raster {
  canvas: HTMLCanvasElement | null;
  key: RasterKey | null;
}

/**
 * All static annotations as one shape painting in screen pixels (the layer is not scaled). Between
 * edits and settled views it shows the last raster moved and scaled instead of painting (raster.ts).
 */
export function AnnotationsLayer({ annotations, viewport, view, imageSize, onPaint }: AnnotationsLayerProps) {
  const shape = useRef<Konva.Shape>(null);
  const raster = useRef<Raster>({ canvas: null, key: null });
  const settled = useRef(true);

  // A layout effect runs at commit, before the layer's queued draw, so that draw already knows the view moved.
  useLayoutEffect(() => {
    settled.current = false;
    const timer = setTimeout(() => {
      settled.current = true;
      shape.current?.getLayer()?.batchDraw();
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [viewport]);

  useEffect(
    () => () => {
      // Give the raster's memory back at once rather than when the collector gets to it.
      if (raster.current.canvas) raster.current.canvas.width = 0;
    },
    [],
  );

  return (
    <Layer listening={false}>
      <Shape
        ref={shape}
        listening={false}
        perfectDrawEnabled={false}
        sceneFunc={(context) => {
          const started = performance.now();
          const r = raster.current;
          const painted = rasterDecision(r.key, annotations, viewport, view, imageSize, settled.current) === 'paint';
          if (painted || !r.canvas) {
            const ratio = shape.current?.getLayer()?.getCanvas().getPixelRatio() ?? 1;
            r.canvas = paintRaster(r.canvas, annotations(1 / viewport.scale), viewport, view, ratio);
            r.key = { at: viewport, view, content: annotations };
          }
          const b = blitFor(r.key!.at, viewport, view);
          const size = rasterSize(view);
          context._context.drawImage(r.canvas, b.x, b.y, size.width * b.k, size.height * b.k);
          onPaint?.(performance.now() - started, painted);
        }}
      />
    </Layer>
  );
}

function paintRaster(canvas: HTMLCanvasElement | null, list: DrawList, v: Viewport, view: Size, ratio: number): HTMLCanvasElement {
  const target = canvas ?? document.createElement('canvas');
  const size = rasterSize(view);
  const width = Math.ceil(size.width * ratio);
  const height = Math.ceil(size.height * ratio);
  if (target.width !== width || target.height !== height) {
    target.width = width;
    target.height = height;
  }
  const ctx = target.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  paintDrawList(ctx, list, rasterViewport(v, view), size);
  return target;
}

/** One NodeSpec as its react-konva node. */
export function SpecNode({ spec }: { spec: NodeSpec }) {
  const common = { listening: false, perfectDrawEnabled: false } as const;
  switch (spec.shape) {
    case 'line':
      return <Line {...common} points={spec.points} stroke={spec.stroke} strokeWidth={spec.strokeWidth} dash={spec.dash} lineJoin="round" lineCap="round" />;
    case 'rect':
      return <Rect {...common} x={spec.x} y={spec.y} width={spec.width} height={spec.height} stroke={spec.stroke} strokeWidth={spec.strokeWidth} fill={spec.fill} />;
    case 'circle':
      return <Circle {...common} x={spec.x} y={spec.y} radius={spec.radius} stroke={spec.stroke} strokeWidth={spec.strokeWidth} fill={spec.fill} />;
    case 'text':
      return (
        <Text {...common} x={spec.x} y={spec.y} text={spec.text} fill={spec.fill} fontSize={spec.fontSize} fontFamily={spec.fontFamily} stroke={TEXT_HALO} strokeWidth={3} fillAfterStrokeEnabled />
      );
    case 'arrow':
      return (
        <Arrow {...common} points={spec.points} fill={spec.fill} stroke={spec.stroke} strokeWidth={spec.strokeWidth} pointerLength={spec.pointerLength} pointerWidth={spec.pointerWidth} />
      );
  }
}

export interface CrosshairHandle {
  /** Moves the crosshair to a screen point showing `pixel`, or hides it (null); redraws its layer only. */
  show(screen: { x: number; y: number } | null, pixel?: { x: number; y: number }): void;
}

export interface InteractionLayerProps {
  specs: NodeSpec[];
  rubberBand: ImageRect | null;
  viewport: Viewport;
  view: Size;
  crosshair: boolean;
  /** Receives the imperative crosshair: it follows the cursor without a React render per move. */
  crosshairRef(handle: CrosshairHandle | null): void;
}

const LABEL_OFFSET = 14;

export function InteractionLayer({ specs, rubberBand, viewport, view, crosshair, crosshairRef }: InteractionLayerProps) {
  const layer = useRef<Konva.Layer>(null);
  const group = useRef<Konva.Group>(null);
  const vertical = useRef<Konva.Line>(null);
  const horizontal = useRef<Konva.Line>(null);
  const label = useRef<Konva.Text>(null);
  const labelBox = useRef<Konva.Rect>(null);

  useEffect(() => {
    crosshairRef({
      show(screen, pixel) {
        const g = group.current;
        if (!g) return;
        g.visible(Boolean(screen && crosshair));
        if (screen && crosshair) {
          vertical.current?.points([screen.x, 0, screen.x, view.height]);
          horizontal.current?.points([0, screen.y, view.width, screen.y]);
          const text = pixel ? `${pixel.x}, ${pixel.y}` : '';
          label.current?.text(text);
          const width = (label.current?.width() ?? 0) + 8;
          // Keep the label inside the view: flip it to the cursor's other side near the right/bottom edge.
          const x = screen.x + LABEL_OFFSET + width > view.width ? screen.x - LABEL_OFFSET - width : screen.x + LABEL_OFFSET;
          const y = screen.y + LABEL_OFFSET + 20 > view.height ? screen.y - LABEL_OFFSET - 20 : screen.y + LABEL_OFFSET;
          labelBox.current?.setAttrs({ x, y, width });
          label.current?.setAttrs({ x: x + 4, y: y + 4 });
        }
        layer.current?.batchDraw();
      },
    });
    return () => crosshairRef(null);
  }, [crosshair, crosshairRef, view.width, view.height]);

  const band =
    rubberBand &&
    (() => {
      const x = rubberBand.x1 * viewport.scale + viewport.x;
      const y = rubberBand.y1 * viewport.scale + viewport.y;
      const w = (rubberBand.x2 - rubberBand.x1) * viewport.scale;
      const h = (rubberBand.y2 - rubberBand.y1) * viewport.scale;
      return <Rect x={x} y={y} width={w} height={h} stroke="#4dabf7" strokeWidth={1} dash={[4, 3]} fill="rgba(77,171,247,0.12)" listening={false} />;
    })();

  return (
    <Layer ref={layer} listening={false}>
      {specs.map((spec, i) => (
        <SpecNode key={i} spec={spec} />
      ))}
      {band}
      <Group ref={group} visible={false} listening={false}>
        <Line ref={vertical} points={[0, 0, 0, 0]} stroke="rgba(255,255,255,0.75)" strokeWidth={1} dash={[5, 4]} listening={false} perfectDrawEnabled={false} />
        <Line ref={horizontal} points={[0, 0, 0, 0]} stroke="rgba(255,255,255,0.75)" strokeWidth={1} dash={[5, 4]} listening={false} perfectDrawEnabled={false} />
        <Rect ref={labelBox} height={20} fill="rgba(0,0,0,0.7)" cornerRadius={3} listening={false} perfectDrawEnabled={false} />
        <Text ref={label} fontSize={12} fontFamily="ui-monospace, monospace" fill="#fff" listening={false} perfectDrawEnabled={false} />
      </Group>
    </Layer>
  );
}
