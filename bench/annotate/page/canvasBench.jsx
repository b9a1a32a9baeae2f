/**
 * The canvas bench page: the studio's props-only AnnotationCanvasView over a 1280×720 frame.
 * `globalThis.canvasBench` lets bench/annotate/canvas.ts load N annotations and drive the viewport
 * from requestAnimationFrame, recording each frame's interval and each annotations-layer draw (a blit
 * of the last raster, or a fresh paint).
 * Plain JSX rather than TSX: the root tsconfig type-checks bench/ for Node (no DOM, no JSX), while the
 * canvas it drives is checked by tsconfig.web.json and the annotations by scene.ts.
 */
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { AnnotationCanvasView } from '../../../src/renderer/canvas/AnnotationCanvasView';
import { compileDrawList } from '../../../src/renderer/canvas/drawList';
import { fit, oneToOne, panBy, zoomTo } from '../../../src/renderer/canvas/viewport';
import { FRAME, renderScene, sceneShapes, seeded } from './scene';

const VIEW = { width: 1280, height: 720 };

/** A table, a few objects and some texture, so filters and zoom have something to show. */
function paintFrame(canvas) {
  canvas.width = FRAME.width;
  canvas.height = FRAME.height;
  const ctx = canvas.getContext('2d');
  const sky = ctx.createLinearGradient(0, 0, 0, FRAME.height);
  sky.addColorStop(0, '#4a5568');
  sky.addColorStop(1, '#1a202c');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, FRAME.width, FRAME.height);
  ctx.fillStyle = '#8b6b4a';
  ctx.fillRect(80, 300, 1120, 380);
  const random = seeded(7);
  for (let i = 0; i < 4000; i++) {
    ctx.fillStyle = `rgba(0,0,0,${random() * 0.15})`;
    ctx.fillRect(80 + random() * 1120, 300 + random() * 380, 2, 1);
  }
  for (const [x, y, r, color] of [[300, 420, 40, '#c53030'], [620, 470, 55, '#2b6cb0'], [940, 430, 35, '#38a169'], [480, 560, 30, '#d69e2e']]) {
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = '#a0aec0';
  ctx.fillRect(600, 60, 80, 200);
}

const frame = document.createElement('canvas');
paintFrame(frame);
const paints = [];
/** Pointer events and keys the canvas handed on, for test/e2e/canvas.e2e.ts. */
const events = [];
let current = { annotations: () => compileDrawList([]), opCount: 0, viewport: fit(FRAME, VIEW), adjust: { brightness: 1, contrast: 1 }, active: [], handles: [] };
let update = () => undefined;

function Bench() {
  const [state, setState] = useState(current);
  update = (patch) => {
    current = { ...current, ...patch };
    flushSync(() => setState(current));
  };
  return (
    <AnnotationCanvasView
      size={VIEW}
      image={frame}
      imageSize={FRAME}
      viewport={state.viewport}
      adjust={state.adjust}
      annotations={state.annotations}
      active={state.active}
      handles={state.handles}
      onViewport={(viewport) => update({ viewport })}
      onFit={() => update({ viewport: fit(FRAME, VIEW) })}
      onOneToOne={() => update({ viewport: oneToOne(current.viewport, FRAME, VIEW) })}
      onPaint={(ms, painted) => paints.push({ ms, painted })}
      onPointer={(event) => events.push(event)}
      onKey={(event) => events.push({ type: 'key', key: event.key })}
      onSpaceTap={() => events.push({ type: 'space-tap' })}
    />
  );
}

document.body.style.margin = '0';
const host = document.createElement('div');
document.body.append(host);
createRoot(host).render(<Bench />);

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

globalThis.canvasBench = {
  /**
   * Loads `count` annotations, optionally only the op types listed (to see what a paint costs).
   * Rendering them through the kinds and compiling the list is what each fresh paint adds, so it is timed.
   */
  load(count, types) {
    const shapes = sceneShapes(count);
    const render = (scale) => renderScene(shapes, scale).filter((op) => !types || types.includes(op.type));
    const started = performance.now();
    const opCount = compileDrawList(render(1)).size;
    const compileMs = performance.now() - started;
    update({ annotations: (scale) => compileDrawList(render(scale)), opCount, viewport: fit(FRAME, VIEW) });
    return { ops: opCount, compileMs };
  },
  setViewport: (viewport) => update({ viewport }),
  viewport: () => current.viewport,
  /** The events handed on since the last call. */
  takeEvents: () => events.splice(0),
  setAdjust: (adjust) => update({ adjust }),
  select: (active, handles) => update({ active, handles }),
  /**
   * Frame intervals at fit (every annotation on screen) while every frame gets a new (equal)
   * annotation source, so each one paints afresh as after an edit.
   */
  async repaintEveryFrame(frames) {
    const annotations = current.annotations;
    update({ viewport: fit(FRAME, VIEW) });
    await nextFrame();
    const times = [];
    let last = await nextFrame();
    for (let i = 0; i < frames; i++) {
      update({ annotations: (scale) => annotations(scale) });
      const now = await nextFrame();
      times.push(now - last);
      last = now;
    }
    update({ annotations });
    return times;
  },
  /**
   * Pans and zooms continuously for `ms`: the zoom swings between ~0.5× and ~4× the fit around a
   * point circling the frame while the view also drifts ±300 px, so the raster of the annotations
   * is outgrown (zoom past 3×, uncovered image) and repainted every so often, as in real use.
   */
  async run(ms) {
    const base = fit(FRAME, VIEW);
    paints.length = 0;
    const frameMs = [];
    let last = await nextFrame();
    const start = last;
    while (last - start < ms) {
      const t = (last - start) / 1000;
      const cursor = { x: VIEW.width / 2 + Math.cos(t * 1.3) * 300, y: VIEW.height / 2 + Math.sin(t * 1.3) * 180 };
      const zoomed = zoomTo(base, base.scale * 2 ** (Math.sin(t * 2.1) * 1.5 + 0.5), cursor);
      update({ viewport: panBy(zoomed, Math.cos(t * 0.9) * 300, Math.sin(t * 0.7) * 200) });
      const now = await nextFrame();
      frameMs.push(now - last);
      last = now;
    }
    // Let the last queued draw land before reading the paint times.
    await nextFrame();
    return { frameMs, drawMs: paints.map((p) => p.ms), repaintMs: paints.filter((p) => p.painted).map((p) => p.ms), ops: current.opCount };
  },
};
