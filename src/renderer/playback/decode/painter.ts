/** Draws decoded frames on canvases at their native resolution; CSS scales the canvas to fit. */

export type Drawable = HTMLCanvasElement | OffscreenCanvas;

const contexts = new WeakMap<Drawable, CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D>();

function context2d(canvas: Drawable) {
  let context = contexts.get(canvas);
  if (!context) {
    context = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    contexts.set(canvas, context);
  }
  return context;
}

export function drawFrame(canvas: Drawable, frame: VideoFrame): void {
  if (canvas.width !== frame.displayWidth) canvas.width = frame.displayWidth;
  if (canvas.height !== frame.displayHeight) canvas.height = frame.displayHeight;
  context2d(canvas).drawImage(frame, 0, 0, frame.displayWidth, frame.displayHeight);
}

/** A frame this camera does not have (past its end) shows as black, never as a stale picture. */
export function clearCanvas(canvas: Drawable): void {
  const context = context2d(canvas);
  context.fillStyle = '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
}
