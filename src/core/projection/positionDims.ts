/**
 * Which dims of the state hold the end-effector's x, y and z. LeRobot datasets name their dims freely
 * ("x", "ee_x", "eef_pos_0", "tcp.x", "motor_12"), so the names are matched by pattern; anything else
 * needs the indices given explicitly.
 */
import type { PositionDims } from '../../shared/contract/projection';

/** Prefixes that say "end effector"; a bare x/y/z counts too (the sample's state). */
const EFFECTOR = /(^|[._\-\s])(ee|eef|end_?effector|tcp|gripper|hand|tool|tip)([._\-\s]|$)/;
/** Prefixes of other vectors that happen to have x, y, z components. */
const NOT_POSITION = /(vel|velocity|acc|force|torque|rot|orient|quat|euler|ang|target|goal|object|obj)/;

const AXES = [
  ['x', 'y', 'z'],
  ['0', '1', '2'],
] as const;

interface Candidate {
  dims: PositionDims;
  prefix: string;
}

/** Splits "ee_pos_x" into prefix "ee_pos" and axis "x" (also "ee.pos[0]", "tcp x"). */
function split(name: string): { prefix: string; axis: string } | null {
  const match = /^(.*?)[._\-\s[]*([a-z0-9])\]?$/.exec(name.trim().toLowerCase());
  return match ? { prefix: match[1]!.replace(/[._\-\s[]+$/, ''), axis: match[2]! } : null;
}

function candidates(names: readonly string[]): Candidate[] {
  const byPrefix = new Map<string, Map<string, number>>();
  names.forEach((name, i) => {
    const parts = split(name);
    if (!parts) return;
    const axes = byPrefix.get(parts.prefix) ?? new Map<string, number>();
    if (!axes.has(parts.axis)) axes.set(parts.axis, i);
    byPrefix.set(parts.prefix, axes);
  });
  const out: Candidate[] = [];
  for (const [prefix, axes] of byPrefix) {
    for (const [ax, ay, az] of AXES) {
      const found = [axes.get(ax), axes.get(ay), axes.get(az)];
      if (found.some((i) => i === undefined)) continue;
      // Numbered components are a position only when the prefix says so ("pos_0"), not "motor_0".
      if (ax === '0' && !/pos/.test(prefix)) continue;
      if (NOT_POSITION.test(prefix)) continue;
      out.push({ dims: found as PositionDims, prefix });
    }
  }
  return out;
}

/** The x, y, z dims of the end-effector position, or why none were found. */
export function detectPositionDims(names: readonly string[]): { dims: PositionDims } | { problem: string } {
  const found = candidates(names);
  const rank = (c: Candidate) => (EFFECTOR.test(` ${c.prefix} `) ? 0 : c.prefix === '' ? 1 : /pos/.test(c.prefix) ? 2 : 3);
  found.sort((a, b) => rank(a) - rank(b) || a.dims[0] - b.dims[0]);
  const best = found[0];
  if (best && rank(best) < 3) return { dims: best.dims };
  return {
    problem:
      `the state's ${names.length} dims (${preview(names)}) name no end-effector position x, y, z: ` +
      'pass positionDims with the indices of x, y and z',
  };
}

/** Checks explicit indices against the state's dims. */
export function checkPositionDims(dims: PositionDims, names: readonly string[]): string | null {
  const bad = dims.find((d) => d >= names.length);
  return bad === undefined ? null : `positionDims: dim ${bad} does not exist; the state has ${names.length} dims (0 to ${names.length - 1})`;
}

function preview(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 3).join(', ')} … ${names.at(-1)}`;
}
