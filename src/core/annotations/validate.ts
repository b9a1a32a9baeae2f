/**
 * Checks a geometry against its kind's schema, the camera's image and the episode's length, so that
 * nothing outside the picture or the timeline is ever stored. Errors name the field, because the
 * person who sees them has to find the vertex that is wrong.
 */
import type { z } from 'zod';
import {
  GEOMETRY_BY_KIND, PointGeometry, BoxGeometry, TrackGeometry, type AnnotationKind,
} from '../../shared/contract/annotations';
import { ApiError } from '../../shared/contract/errors';

export interface Bounds {
  width: number;
  height: number;
  /** Frames of the episode: valid indexes are 0 … length - 1. */
  length: number;
}

export interface CheckedGeometry {
  geometry: unknown;
  frameStart: number;
  frameEnd: number;
}

/** Geometry fields that are image coordinates (pixels); frames, confidences and text are left as sent. */
const COORDINATES = new Set(['x', 'y', 'x1', 'y1', 'x2', 'y2']);

/**
 * Image coordinates kept to 1/1000 px, far below what anyone can click or a tracker resolves. Full double
 * precision (17 digits) made a 10,000-annotation episode's list and the edit log half geometry digits.
 */
export function roundCoordinates<T>(value: T): T {
  if (Array.isArray(value)) return value.map(roundCoordinates) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = COORDINATES.has(k) && typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : roundCoordinates(v);
  }
  return out as T;
}

/** Kinds that may be keyframed as a track (the others already carry their own frames). */
const TRACKABLE = new Set<AnnotationKind>(['point', 'box']);

/**
 * Returns the geometry as it should be stored (defaults filled in, coordinates rounded to 1/1000 px) and
 * the frames it spans. The rounded values are the ones checked, so a box is refused if rounding collapses it.
 * `where` prefixes every message, e.g. "changes.0 (create 5f3a…)". `frameEnd` is a segment's last
 * frame (the only kind whose span is not its geometry's); any other kind that sends one is refused.
 */
export function checkGeometry(
  where: string,
  kind: AnnotationKind,
  isTrack: boolean,
  raw: unknown,
  frame: number,
  image: Bounds,
  frameEnd?: number,
): CheckedGeometry {
  checkFrame(where, 'frame', frame, image);
  raw = roundCoordinates(raw);
  if (frameEnd !== undefined && kind !== 'segment') {
    const own = isTrack ? 'a track takes its frames from its keyframes' : kind === 'trajectory' ? 'a trajectory takes its frames from its points' : `a ${kind} sits on one frame`;
    throw bad(`${where}: frameEnd: only a segment spans frames; ${own}`);
  }
  if (!isTrack) {
    const geometry = parse(where, GEOMETRY_BY_KIND[kind], raw, 'geometry');
    checkInside(where, 'geometry', kind, geometry, image);
    return { geometry, frameStart: frame, frameEnd: kind === 'segment' ? checkSegmentEnd(where, frame, frameEnd ?? frame, image) : frame };
  }
  if (!TRACKABLE.has(kind)) throw bad(`${where}: a ${kind} cannot be a track; only points and boxes are keyframed`);
  const track = parse(where, TrackGeometry, raw, 'geometry');
  const schema = kind === 'point' ? PointGeometry : BoxGeometry;
  const keyframes = [...track.keyframes].sort((a, b) => a.frame - b.frame);
  keyframes.forEach((k, i) => {
    const field = `geometry.keyframes.${i}`;
    if (i > 0 && keyframes[i - 1]!.frame === k.frame) throw bad(`${where}: ${field}.frame: two keyframes on frame ${k.frame}`);
    checkFrame(where, `${field}.frame`, k.frame, image);
    if (k.value !== null) {
      k.value = parse(where, schema, k.value, `${field}.value`);
      checkInside(where, `${field}.value`, kind, k.value, image);
    }
  });
  return { geometry: { keyframes }, frameStart: keyframes[0]!.frame, frameEnd: keyframes.at(-1)!.frame };
}

function parse<S extends z.ZodType>(where: string, schema: S, raw: unknown, field: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [field, ...issue.path.map(String)].join('.');
  throw bad(`${where}: ${path}: ${issue.message}`, result.error.issues);
}

function checkFrame(where: string, field: string, frame: number, image: Bounds): void {
  if (frame >= image.length) {
    throw bad(`${where}: ${field}: frame ${frame} is beyond the episode (frames 0 to ${image.length - 1})`);
  }
}

function checkSegmentEnd(where: string, frame: number, end: number, image: Bounds): number {
  checkFrame(where, 'frameEnd', end, image);
  if (end < frame) throw bad(`${where}: frameEnd: the segment would end on frame ${end}, before it starts on frame ${frame}`);
  return end;
}

function checkInside(where: string, field: string, kind: AnnotationKind, geometry: unknown, image: Bounds): void {
  const g = geometry as Record<string, number>;
  if (kind === 'point') checkPoint(where, field, g.x!, g.y!, image);
  if (kind === 'box') {
    checkPoint(where, field, g.x1!, g.y1!, image, ['x1', 'y1']);
    checkPoint(where, field, g.x2!, g.y2!, image, ['x2', 'y2']);
  }
  if (kind === 'trajectory') {
    const points = (geometry as { points: { x: number; y: number; frame: number }[] }).points;
    points.forEach((p, i) => {
      checkPoint(where, `${field}.points.${i}`, p.x, p.y, image);
      checkFrame(where, `${field}.points.${i}.frame`, p.frame, image);
    });
  }
}

/** Pixel edges count as inside: a box may touch the border of the image. */
function checkPoint(where: string, field: string, x: number, y: number, image: Bounds, names = ['x', 'y']): void {
  if (x < 0 || x > image.width) throw bad(`${where}: ${field}.${names[0]}: ${x} is outside the image (0 to ${image.width})`);
  if (y < 0 || y > image.height) throw bad(`${where}: ${field}.${names[1]}: ${y} is outside the image (0 to ${image.height})`);
}

function bad(message: string, details?: unknown): ApiError {
  return new ApiError('bad_request', message, details);
}
