/**
 * tracking.propagate: decode the camera's frames from the keyframe on (one ffmpeg run), then follow the
 * point or box frame by frame with the shared tracker (pyramidal Lucas-Kanade, Median Flow for boxes),
 * stopping at the first frame it cannot vouch for. Between frames it gives the event loop back, so the
 * backend keeps answering other calls (and the cancel) while a long run goes on.
 */
import type { BoxGeometry, PointGeometry } from '../../shared/contract/annotations';
import { ApiError } from '../../shared/contract/errors';
import type { PropagateParams as Request, PropagateResult, TrackedFrame, TrackStop } from '../../shared/contract/tracking';
import type { GreyImage } from '../../shared/tracking/image';
import { trackSteps, type TrackStep } from '../../shared/tracking/track';
import { FfmpegError, type MediaTools } from '../media/ffmpeg';
import type { Project } from '../project/project';
import { DecodeCancelled, decodeGreyRun } from './decode';
import { cameraSource, type CameraSource } from './source';

export interface PropagateOptions {
  signal?: AbortSignal;
  onProgress?(phase: 'decoding' | 'tracking', done: number, total: number): void;
  tools?: MediaTools;
}

/**
 * Decoded frames are held as float grey images (4 bytes a pixel) while tracking; this bounds them, so
 * 300 frames of a 1080p camera are refused up front instead of exhausting the backend's memory.
 */
export const MAX_DECODED_BYTES = 512 * 2 ** 20;

/** The most frames after the keyframe one call may track on a camera of this size. */
export function framesWithinBudget(width: number, height: number, budget = MAX_DECODED_BYTES): number {
  return Math.max(1, Math.floor(budget / (width * height * 4)) - 1);
}

/** A box keeps being tracked while at least this share of it is inside the image. */
const MIN_VISIBLE_SHARE = 0.5;

const bad = (message: string) => new ApiError('bad_request', message);
const cancelled = () => new ApiError('cancelled', 'tracking was cancelled');
const round = (v: number) => Math.round(v * 1000) / 1000;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function propagate(project: Project, request: Request, options: PropagateOptions = {}): Promise<PropagateResult> {
  const { signal, onProgress } = options;
  const source = cameraSource(project, request.episodeId, request.camera);
  const { frame, direction } = request;
  if (frame >= source.length) {
    throw bad(`frame: ${frame} is beyond the episode (frames 0 to ${source.length - 1} of camera "${source.name}")`);
  }
  checkInside(request, source);
  const budget = framesWithinBudget(source.width, source.height);
  if (request.frames > budget) {
    throw bad(`frames: at most ${budget} frames of the ${source.width}x${source.height} camera "${source.name}" can be tracked in one call, not ${request.frames}`);
  }
  const forward = direction === 'forward';
  const end = forward ? Math.min(frame + request.frames, source.length - 1) : Math.max(frame - request.frames, 0);
  const count = Math.abs(end - frame);
  if (count === 0) throw bad(`frame: ${frame} is the ${forward ? 'last' : 'first'} frame of camera "${source.name}": there is nothing to track ${direction}`);

  onProgress?.('decoding', 0, count);
  const images = await decode(source, Math.min(frame, end), count + 1, signal, options.tools);
  if (!forward) images.reverse();

  const run = trackSteps({
    frames: images,
    start: frame,
    direction,
    ...(request.kind === 'point' ? { point: request.geometry } : { box: request.geometry }),
    minConfidence: request.minConfidence,
    maxFrames: count,
  });
  const steps: TrackedFrame[] = [];
  let stopped: TrackStop | null = null;
  for (let next = run.next(); !next.done; next = run.next()) {
    const step = next.value;
    const confidence = Math.min(1, Math.max(0, round(step.confidence)));
    const value = trackedValue(step, request, source);
    if (!value) {
      stopped = { frame: step.frame, reason: 'left_image', confidence, message: `frame ${step.frame}: the ${request.kind} leaves the image` };
      break;
    }
    if (step.flagged) {
      stopped = flag(step.frame, confidence, request.minConfidence);
      break;
    }
    steps.push({ frame: step.frame, value, confidence });
    onProgress?.('tracking', steps.length, count);
    // One frame's work at a time: other calls, and a cancel, are answered in between.
    await nextTick();
    if (signal?.aborted) throw cancelled();
  }
  return { steps, stopped, reachedEdge: count < request.frames };
}

function flag(frame: number, confidence: number, min: number): TrackStop {
  if (confidence === 0) {
    return { frame, reason: 'lost', confidence, message: `frame ${frame}: lost the target (no texture to follow, or it did not track back to where it started)` };
  }
  return {
    frame,
    reason: 'low_confidence',
    confidence,
    message: `frame ${frame}: confidence ${confidence.toFixed(2)} is below ${min.toFixed(2)} (occluded, blurred or changed appearance); correct it there`,
  };
}

function checkInside(request: Request, image: { width: number; height: number }): void {
  const { width, height } = image;
  const out = (v: number, max: number) => v < 0 || v > max;
  if (request.kind === 'point') {
    const { x, y } = request.geometry;
    if (out(x, width) || out(y, height)) throw bad(`geometry: the point (${x}, ${y}) is outside the ${width}x${height} image`);
    return;
  }
  const { x1, y1, x2, y2 } = request.geometry;
  if (out(x1, width) || out(x2, width) || out(y1, height) || out(y2, height)) {
    throw bad(`geometry: the box (${x1}, ${y1})-(${x2}, ${y2}) reaches outside the ${width}x${height} image`);
  }
}

/** The step's value as stored geometry: points keep their role, boxes are clipped to the image; null once it has left. */
export function trackedValue(step: Pick<TrackStep, 'point' | 'box'>, request: Pick<Request, 'geometry'>, image: { width: number; height: number }): PointGeometry | BoxGeometry | null {
  const { width, height } = image;
  if (step.point) {
    const { x, y } = step.point;
    if (x < 0 || y < 0 || x > width || y > height) return null;
    return { x: round(x), y: round(y), role: (request.geometry as PointGeometry).role };
  }
  const b = step.box!;
  const clipped = { x1: Math.max(0, b.x1), y1: Math.max(0, b.y1), x2: Math.min(width, b.x2), y2: Math.min(height, b.y2) };
  const area = (q: typeof b) => Math.max(0, q.x2 - q.x1) * Math.max(0, q.y2 - q.y1);
  if (area(clipped) < MIN_VISIBLE_SHARE * area(b) || clipped.x2 - clipped.x1 < 1 || clipped.y2 - clipped.y1 < 1) return null;
  return { x1: round(clipped.x1), y1: round(clipped.y1), x2: round(clipped.x2), y2: round(clipped.y2) };
}

async function decode(source: CameraSource, first: number, count: number, signal?: AbortSignal, tools?: MediaTools): Promise<GreyImage[]> {
  try {
    return await decodeGreyRun({ file: source.file, start: source.pts(first), fps: source.fps, count, width: source.width, height: source.height }, signal, tools);
  } catch (error) {
    if (error instanceof DecodeCancelled) throw cancelled();
    if (error instanceof FfmpegError) throw new ApiError('unsupported', `cannot read the video of camera "${source.name}": ${error.message}`);
    throw error;
  }
}
