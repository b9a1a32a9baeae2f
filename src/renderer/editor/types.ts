import type { ZodType } from 'zod';
import type {
  AnnotationKind,
  BoxGeometry,
  PointGeometry,
  SegmentGeometry,
  TrackGeometry,
  TrajectoryGeometry,
} from '../../shared/contract/annotations';
import type { AnnotationSource } from '../../shared/contract/domain';
import type { Rect, Vec } from './geometry';

export type Geometry = PointGeometry | BoxGeometry | TrajectoryGeometry | SegmentGeometry | TrackGeometry;

/**
 * One annotation of an episode as the editor holds it. Point and box geometry is either a single-frame
 * value (shown on `frame` only) or a TrackGeometry; trajectories take their span from their vertices.
 */
export interface Annotation {
  id: string;
  kind: AnnotationKind;
  /** null for segments: a phase belongs to the episode, not to one camera. */
  camera: string | null;
  /** The project's label class (contract LabelClass.id). */
  labelId: number | null;
  /** The frame of a single-frame shape, or the first frame of a segment. */
  frame: number;
  /** The last frame of a segment (inclusive); unused by other kinds. */
  endFrame?: number;
  geometry: Geometry;
  /** Backend fields the editor carries through untouched (see wire.ts); absent on shapes not yet saved. */
  query?: string | null;
  source?: AnnotationSource;
  confidence?: number | null;
  /** The stored version's time: sent back as baseUpdatedAt so the backend can detect a conflicting edit. */
  updatedAt?: number;
  /** Who stored it and when it was first stored (shown in the lists; never sent back). */
  author?: string;
  createdAt?: number;
}

/** Record-level changes: an update carries both versions so any batch can be inverted without the document. */
export type Change =
  | { op: 'create'; annotation: Annotation }
  | { op: 'update'; before: Annotation; after: Annotation }
  | { op: 'delete'; annotation: Annotation };

/** What one undo step is: a named set of changes and the frame the user was on, so undo can seek back there. */
export interface ChangeBatch {
  id: string;
  name: string;
  frame: number;
  changes: Change[];
}

/** Why an edit was refused; commands return it instead of throwing so tools can show it. */
export interface Refusal {
  refused: string;
}
export const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'refused' in v;

export type Hit =
  | { part: 'body' }
  | { part: 'handle'; handle: string }
  | { part: 'vertex'; index: number; handle: string }
  | { part: 'edge'; index: number; at: Vec };

export interface Handle extends Vec {
  id: string;
}

/**
 * A plain draw description; the Konva layer maps each op to one node (line, rect, circle, text, arrow).
 * Positions and rect sizes are image pixels; stroke widths, radii and arrowhead sizes are screen pixels,
 * so shapes keep their weight at any zoom; a text's y is its baseline.
 */
export type DrawOp =
  | { type: 'line'; points: number[]; stroke: string; width: number; dash?: number[] }
  | { type: 'rect'; x: number; y: number; width: number; height: number; stroke: string; strokeWidth: number; fill?: string }
  | { type: 'circle'; x: number; y: number; radius: number; stroke?: string; fill?: string; highlight?: boolean }
  | { type: 'text'; x: number; y: number; text: string; color: string }
  | { type: 'arrow'; from: Vec; to: Vec; color: string; size: number };

export interface RenderStyle {
  color: string;
  selected: boolean;
  /** The label class's name, drawn beside the shape. */
  label?: string;
  /** The frame on screen: a trajectory highlights the vertex placed on it. */
  currentFrame?: number;
  /** Image pixels per screen pixel: turns a label's screen offset from its anchor into image pixels. */
  scale: number;
}

export interface ValidateContext {
  width: number;
  height: number;
  /** Frames in the episode. */
  length: number;
}

export interface CreateOptions {
  frame: number;
  size?: number;
}

/** The whole behaviour of one kind; adding a kind is one file plus one line in the registry. */
export interface KindUtil<G> {
  kind: AnnotationKind;
  schema: ZodType<G>;
  /** Whether it is drawn on the image at all (a segment lives on the timeline only). */
  spatial: boolean;
  create(at: Vec, options: CreateOptions): G;
  hitTest(g: G, p: Vec, tolerance: number): Hit | null;
  handles(g: G): Handle[];
  move(g: G, dx: number, dy: number): G;
  dragHandle(g: G, handle: string, p: Vec): G;
  bounds(g: G): Rect | null;
  clampToImage(g: G, width: number, height: number): G;
  validate(g: G, ctx: ValidateContext): string[];
  render(g: G, style: RenderStyle): DrawOp[];
  interpolate?(a: G, b: G, t: number): G;
}
