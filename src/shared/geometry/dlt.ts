/**
 * Camera resectioning by the normalised Direct Linear Transform (Hartley & Zisserman, Multiple View
 * Geometry, alg. 7.1): from 6+ world-to-pixel correspondences, fit the 3x4 matrix P minimising the
 * algebraic error after Hartley normalisation. Used when a camera has no calibration: the user clicks
 * the gripper's tip on a few frames, the state gives the 3-D positions.
 */
import { symmetricEigen, type Vec3 } from './linalg';
import { projector, type ImagePoint, type ProjectionMatrix } from './projection';

export interface Correspondence {
  world: Vec3;
  image: ImagePoint;
}

export type DltFailure = 'too_few_points' | 'not_finite' | 'coplanar_world_points' | 'collinear_image_points' | 'degenerate';

export class DltError extends Error {
  constructor(
    readonly code: DltFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DltError';
  }
}

export interface ReprojectionError {
  /** Pixel distance per correspondence (Infinity for a point behind the fitted camera). */
  perPoint: number[];
  mean: number;
  rms: number;
  max: number;
}

export interface DltFit extends ReprojectionError {
  /** Row-major 3x4, scaled so that the third row's first three entries have unit norm and points lie in front. */
  P: number[];
}

export const DLT_MIN_POINTS = 6;

/**
 * Thinnest allowed spread of the points across their flattest direction, relative to their widest.
 * Measured on the sample episodes: a path thinner than about 2% (a straight approach and lift in one
 * vertical plane) fits the clicks yet reprojects other frames 10-30 px off with 1 px of click noise.
 */
export const DLT_MIN_THICKNESS = 0.02;

/** Reprojection errors in pixels of a projection matrix over correspondences. */
export function reprojectionError(P: ProjectionMatrix, pairs: readonly Correspondence[]): ReprojectionError {
  const project = projector(P);
  const perPoint = pairs.map(({ world, image }) => {
    const q = project(world);
    return q.depth > 0 ? Math.hypot(q.x - image.x, q.y - image.y) : Infinity;
  });
  const n = Math.max(perPoint.length, 1);
  return {
    perPoint,
    mean: perPoint.reduce((s, e) => s + e, 0) / n,
    rms: Math.sqrt(perPoint.reduce((s, e) => s + e * e, 0) / n),
    max: perPoint.reduce((m, e) => Math.max(m, e), 0),
  };
}

/** Centroid and eigenvalues of the scatter of points with `dim` coordinates each. */
function spread(points: number[][], dim: number): { centroid: number[]; meanDistance: number; eigen: number[] } {
  const centroid = new Array<number>(dim).fill(0);
  for (const p of points) for (let k = 0; k < dim; k++) centroid[k]! += p[k]! / points.length;
  const cov = new Array<number>(dim * dim).fill(0);
  let meanDistance = 0;
  for (const p of points) {
    const d = p.map((v, k) => v - centroid[k]!);
    meanDistance += Math.hypot(...d) / points.length;
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) cov[i * dim + j]! += (d[i]! * d[j]!) / points.length;
  }
  return { centroid, meanDistance, eigen: symmetricEigen(cov, dim).values };
}

/** Similarity that moves the centroid to the origin and the mean distance to sqrt(dim) (Hartley). */
function normaliser(points: number[][], dim: number, flatCode: DltFailure, flatMessage: string) {
  const { centroid, meanDistance, eigen } = spread(points, dim);
  const largest = eigen[dim - 1]!;
  // Coplanar world points (or collinear pixels) leave P undetermined: the fit would be arbitrary.
  const thickness = largest > 0 ? Math.sqrt(Math.max(eigen[0]!, 0) / largest) : 0;
  if (!(thickness >= DLT_MIN_THICKNESS)) {
    throw new DltError(flatCode, `${flatMessage} (thickness ${(100 * thickness).toFixed(1)}% of the extent, at least ${100 * DLT_MIN_THICKNESS}% needed)`);
  }
  const scale = Math.sqrt(dim) / meanDistance;
  return { scale, centroid, apply: (p: number[]) => p.map((v, k) => (v - centroid[k]!) * scale) };
}

/** Fits P from at least 6 correspondences in general position (not all on one plane). */
export function fitDlt(pairs: readonly Correspondence[]): DltFit {
  if (pairs.length < DLT_MIN_POINTS) {
    throw new DltError('too_few_points', `the DLT needs at least ${DLT_MIN_POINTS} points, got ${pairs.length}: click the gripper on more frames`);
  }
  const worlds = pairs.map((p) => [p.world[0], p.world[1], p.world[2]]);
  const pixels = pairs.map((p) => [p.image.x, p.image.y]);
  if (![...worlds, ...pixels].flat().every(Number.isFinite)) throw new DltError('not_finite', 'a correspondence has a non-finite coordinate');
  const world = normaliser(worlds, 3, 'coplanar_world_points', 'the 3-D points lie on one plane (or a line): pick frames where the gripper is at different heights and depths');
  const image = normaliser(pixels, 2, 'collinear_image_points', 'the clicked pixels lie on one line: pick frames spread over the image');

  // Accumulate A^T A (12x12) directly: two rows of A per correspondence.
  const ata = new Float64Array(144);
  const addRow = (row: number[]) => {
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) ata[i * 12 + j]! += row[i]! * row[j]!;
  };
  pairs.forEach((_, k) => {
    const [X, Y, Z] = world.apply(worlds[k]!) as [number, number, number];
    const [u, v] = image.apply(pixels[k]!) as [number, number];
    addRow([0, 0, 0, 0, -X, -Y, -Z, -1, v * X, v * Y, v * Z, v]);
    addRow([X, Y, Z, 1, 0, 0, 0, 0, -u * X, -u * Y, -u * Z, -u]);
  });
  const { values, vectors } = symmetricEigen(ata, 12);
  // A second (near-)zero singular value means a one-parameter family of solutions: no unique camera.
  if (values[1]! < 1e-12 * values[11]!) throw new DltError('degenerate', 'the points do not determine a unique camera: add points in general position');
  const pn = vectors[0]!;

  // Denormalise: P = T_image^-1 * Pn * T_world.
  const [sw, sI] = [world.scale, image.scale];
  const [cx, cy, cz] = world.centroid as [number, number, number];
  const [ux, uy] = image.centroid as [number, number];
  const tWorld = [sw, 0, 0, -sw * cx, 0, sw, 0, -sw * cy, 0, 0, sw, -sw * cz, 0, 0, 0, 1];
  const tImageInv = [1 / sI, 0, ux, 0, 1 / sI, uy, 0, 0, 1];
  const left = new Array<number>(12).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) left[i * 4 + j]! += tImageInv[i * 3 + k]! * pn[k * 4 + j]!;
  let P = new Array<number>(12).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) P[i * 4 + j]! += left[i * 4 + k]! * tWorld[k * 4 + j]!;

  // Fix the free scale and sign: unit principal ray, points in front of the camera.
  const norm = Math.hypot(P[8]!, P[9]!, P[10]!);
  const inFront = worlds.reduce((n, w) => n + Math.sign(P[8]! * w[0]! + P[9]! * w[1]! + P[10]! * w[2]! + P[11]!), 0);
  P = P.map((v) => (v / norm) * (inFront < 0 ? -1 : 1));
  return { P, ...reprojectionError(P, pairs) };
}

/**
 * Which of the given 3-D positions to ask the user to click: farthest-point sampling, so the chosen
 * frames span the workspace in all three directions (the DLT extrapolates badly from a clump).
 * Returns indices into `positions`, at most `count`, starting with the position farthest from the mean.
 */
export function spreadFrames(positions: readonly Vec3[], count = 8): number[] {
  if (positions.length === 0 || count <= 0) return [];
  const mean = [0, 1, 2].map((k) => positions.reduce((s, p) => s + p[k]!, 0) / positions.length) as unknown as Vec3;
  const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const nearest = positions.map((p) => dist(p, mean));
  const chosen: number[] = [];
  while (chosen.length < Math.min(count, positions.length)) {
    let best = 0;
    for (let i = 1; i < nearest.length; i++) if (nearest[i]! > nearest[best]!) best = i;
    if (chosen.length > 0 && nearest[best]! === 0) break;
    chosen.push(best);
    positions.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, dist(p, positions[best]!))));
  }
  return chosen;
}
