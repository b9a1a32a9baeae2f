/**
 * Validation metrics of a policy's predictions, as the issue defines them: a point hits when it lies in
 * the target's box or within 10 px of the target at 224 px; boxes by IoU and accuracy at IoU 0.5;
 * trajectories by average and final displacement error in px at 224; actions by the mean absolute error
 * in normalised units over the steps that exist. Coordinates are normalised [0, 1] of the image, so the
 * pixel numbers do not depend on the model's input size.
 */

/** The image side the pixel thresholds and errors are stated at. */
export const METRIC_IMAGE_SIZE = 224;
export const POINT_HIT_PX = 10;
export const BOX_IOU_HIT = 0.5;

type Coords = ArrayLike<number>;

/** Within POINT_HIT_PX of the target at 224 px, or inside the target object's box when one is known. */
export function pointHit(predicted: Coords, target: Coords, box?: Coords): boolean {
  const [x, y] = [predicted[0]!, predicted[1]!];
  if (box) {
    const [x1, y1, x2, y2] = sortedBox(box);
    if (x >= x1 && x <= x2 && y >= y1 && y <= y2) return true;
  }
  return Math.hypot(x - target[0]!, y - target[1]!) * METRIC_IMAGE_SIZE <= POINT_HIT_PX;
}

/** Corners in order (x1 ≤ x2, y1 ≤ y2): a head may predict them the wrong way round. */
function sortedBox(b: Coords): [number, number, number, number] {
  return [Math.min(b[0]!, b[2]!), Math.min(b[1]!, b[3]!), Math.max(b[0]!, b[2]!), Math.max(b[1]!, b[3]!)];
}

/** Intersection over union of two x1, y1, x2, y2 boxes; 0 when both are empty. */
export function boxIoU(a: Coords, b: Coords): number {
  const [ax1, ay1, ax2, ay2] = sortedBox(a);
  const [bx1, by1, bx2, by2] = sortedBox(b);
  const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = w * h;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

/** Average (over the points) and final displacement error of x, y pair lists, in px at 224. */
export function trajectoryErrors(predicted: Coords, target: Coords): { ade: number; fde: number } {
  if (predicted.length !== target.length || target.length < 2 || target.length % 2 !== 0) {
    throw new Error(`trajectories must be x, y pairs of the same length, got ${predicted.length} and ${target.length} numbers`);
  }
  let sum = 0;
  let last = 0;
  for (let i = 0; i < target.length; i += 2) {
    last = Math.hypot(predicted[i]! - target[i]!, predicted[i + 1]! - target[i + 1]!) * METRIC_IMAGE_SIZE;
    sum += last;
  }
  return { ade: sum / (target.length / 2), fde: last };
}

/**
 * Sum and count of |predicted − target| over the unmasked steps of one chunk ([horizon, dims] each,
 * mask [horizon]): summed across samples, sum / count is the action L1 in normalised units.
 */
export function actionL1(predicted: Coords, target: Coords, mask: Coords, dims: number): { sum: number; count: number } {
  const horizon = mask.length;
  if (predicted.length !== horizon * dims || target.length !== horizon * dims) {
    throw new Error(`action chunks must hold ${horizon} × ${dims} values, got ${predicted.length} and ${target.length}`);
  }
  let sum = 0;
  let count = 0;
  for (let k = 0; k < horizon; k++) {
    if (!mask[k]) continue;
    for (let d = 0; d < dims; d++) sum += Math.abs(predicted[k * dims + d]! - target[k * dims + d]!);
    count += dims;
  }
  return { sum, count };
}

/** Means of named values over samples; a name nobody added has no mean (not 0). */
export class MetricMeans {
  private readonly sums = new Map<string, { sum: number; count: number }>();

  /** `count` > 1 adds a sum over that many items (action L1 adds values, not samples). */
  add(name: string, value: number, count = 1): void {
    const entry = this.sums.get(name) ?? { sum: 0, count: 0 };
    entry.sum += value;
    entry.count += count;
    this.sums.set(name, entry);
  }

  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, { sum, count }] of this.sums) if (count > 0) out[name] = sum / count;
    return out;
  }
}
