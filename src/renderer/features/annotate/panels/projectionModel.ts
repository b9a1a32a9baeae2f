/**
 * The Projection panel's logic without React: the calibration clicks (kept per dataset and camera, so
 * they survive moving to another episode of the dataset), what the panel draws over the image, and the
 * trajectory annotation an accepted suggestion becomes.
 */
import type { CalibrationFit, CalibrationState, TrajectorySuggestion } from '../../../../shared/contract/projection';
import type { SignalData } from '../../../../shared/contract/domain';
import { spreadFrames, type Vec3 } from '../../../../shared/geometry';
import type { Annotation, DrawOp } from '../../../editor/types';

export interface Click {
  episodeId: number;
  /** The episode's own number, to list clicks made on other episodes. */
  episodeIndex: number;
  frame: number;
  x: number;
  y: number;
}

export const MIN_CLICKS = 6;

const SUGGESTION = '#4fd1c5';
const CLICK = '#ffb547';
const REPROJECTED = '#7ee787';

/** One click per frame: a second click on a frame moves that frame's click. Sorted by episode, then frame. */
export function addClick(clicks: readonly Click[], click: Click): Click[] {
  const others = clicks.filter((c) => c.episodeId !== click.episodeId || c.frame !== click.frame);
  return [...others, click].sort((a, b) => a.episodeIndex - b.episodeIndex || a.frame - b.frame);
}

export function removeClick(clicks: readonly Click[], episodeId: number, frame: number): Click[] {
  return clicks.filter((c) => c.episodeId !== episodeId || c.frame !== frame);
}

type Listener = () => void;

/** Clicks by dataset and camera for the page's lifetime; a tiny store for useSyncExternalStore. */
export class ClickStore {
  private readonly byKey = new Map<string, Click[]>();
  private readonly listeners = new Set<Listener>();
  private static readonly EMPTY: Click[] = [];

  static key(datasetId: number, camera: string): string {
    return `${datasetId}/${camera}`;
  }

  get(key: string): Click[] {
    return this.byKey.get(key) ?? ClickStore.EMPTY;
  }

  set(key: string, clicks: Click[]): void {
    this.byKey.set(key, clicks);
    for (const l of this.listeners) l();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The suggestion as a dashed path through every frame, with the vertices that Accept would keep. */
export function suggestionOps(s: Pick<TrajectorySuggestion, 'points' | 'path'>, frame: number): DrawOp[] {
  const ops: DrawOp[] = [];
  if (s.path.length >= 2) ops.push({ type: 'line', points: s.path.flatMap((p) => [p.x, p.y]), stroke: SUGGESTION, width: 2, dash: [6, 4] });
  for (const p of s.points) ops.push({ type: 'circle', x: p.x, y: p.y, radius: p.frame === frame ? 5 : 3.5, stroke: SUGGESTION, fill: p.frame === frame ? SUGGESTION : undefined });
  return ops;
}

/**
 * The clicks of this episode: the current frame's one large, the others small (they belong to other
 * frames, shown so the spread is visible). After a fit, each click's reprojection and the error vector.
 */
export function clickOps(clicks: readonly Click[], episodeId: number, frame: number, fit: CalibrationFit | null): DrawOp[] {
  const ops: DrawOp[] = [];
  for (const c of clicks) {
    if (c.episodeId !== episodeId) continue;
    const current = c.frame === frame;
    ops.push({ type: 'circle', x: c.x, y: c.y, radius: current ? 6 : 3, stroke: CLICK, fill: current ? undefined : CLICK });
    const fitted = fit?.clicks.find((k) => (k.episodeId ?? fit.episodeId) === c.episodeId && k.frame === c.frame);
    if (fitted && fitted.x === c.x && fitted.y === c.y) {
      ops.push({ type: 'line', points: [c.x, c.y, fitted.reprojected.x, fitted.reprojected.y], stroke: REPROJECTED, width: 1 });
      ops.push({ type: 'circle', x: fitted.reprojected.x, y: fitted.reprojected.y, radius: current ? 3 : 2, fill: REPROJECTED });
    }
  }
  return ops;
}

/** A suggestion accepted: a gripper trajectory marked 'projected' (an edit by a person makes it manual). */
export function projectedTrajectory(id: string, camera: string, points: TrajectorySuggestion['points'], labelId: number | null = null): Annotation {
  if (points.length < 2) throw new Error('a trajectory needs at least two vertices');
  return {
    id,
    kind: 'trajectory',
    camera,
    labelId,
    frame: points[0]!.frame,
    geometry: { of: 'gripper', points: points.map(({ x, y, frame }) => ({ x, y, frame })) },
    source: 'projected',
  };
}

/** One line about the camera's calibration for the panel's header. */
export function describeCalibration(state: CalibrationState | null): string {
  if (!state) return 'Reading the calibration…';
  if (state.source === 'dataset') return 'Calibrated by the dataset';
  if (state.source === 'fitted' && state.fit) {
    return `Fitted by DLT from ${state.fit.clicks.length} clicks: mean ${px(state.fit.mean)}, max ${px(state.fit.max)}`;
  }
  return 'Not calibrated: click the gripper tip on 6 or more frames, then Fit';
}

export const px = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} px` : '∞');

/**
 * Which frames of this episode to click: the gripper positions farthest apart in 3-D (the DLT
 * extrapolates badly from a clump), in frame order. Empty without a state or position dims.
 */
export function framesToClick(state: SignalData | undefined, dims: readonly [number, number, number] | null, count = 8): number[] {
  if (!state || !dims || state.dims.length === 0) return [];
  const width = state.dims.length;
  const positions = Array.from({ length: state.length }, (_, f) => dims.map((d) => state.values[f * width + d]!) as unknown as Vec3);
  return spreadFrames(positions, count).sort((a, b) => a - b);
}
