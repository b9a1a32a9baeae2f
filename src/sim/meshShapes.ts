/**
 * One builder per drawn shape. Sizes come straight from SimObject.size; wall thicknesses are absolute
 * (metres) rather than scaled, so a large bowl does not get a clumsy rim. Segment counts are low on
 * purpose (the renderer must reach 1,000 frames/s at 128x128) and multiples of 4, so that a polygon's
 * corners reach the full size along x and y and boxes match the catalog's sizes.
 */
import { MAT, MeshBuilder, type Mesh } from './mesh';
import { detCos, detSin } from './render/trig';
import type { ObjectKind, ObjectSize } from './types';
import { KIND_SPECS } from './catalog';

/** A point of a surface-of-revolution profile; m paints the band from this point to the next. */
interface ProfilePoint {
  r: number;
  z: number;
  m: number;
}

const p = (r: number, z: number, m: number = MAT.body): ProfilePoint => ({ r, z, m });

/**
 * Sweeps a profile around the z axis. Walk the profile so that the visible side is on your left when
 * r grows to the right and z up (up the outside, inwards across a top, down an inside): the triangles
 * then face the right way. rx and ry stretch the circle into an ellipse.
 */
export function lathe(b: MeshBuilder, profile: ProfilePoint[], segments: number, rx = 1, ry = 1): void {
  const rings: number[][] = [];
  for (const pt of profile) {
    const ring: number[] = [];
    for (let j = 0; j < segments; j++) {
      const a = (2 * Math.PI * j) / segments;
      ring.push(b.vertex(pt.r * rx * detCos(a), pt.r * ry * detSin(a), pt.z));
    }
    rings.push(ring);
  }
  for (let i = 0; i + 1 < profile.length; i++) {
    const lo = rings[i]!;
    const hi = rings[i + 1]!;
    for (let j = 0; j < segments; j++) {
      const k = (j + 1) % segments;
      b.quad(lo[j]!, lo[k]!, hi[k]!, hi[j]!, profile[i]!.m);
    }
  }
}

/** An axis-aligned box; the bottom face is left out where it can only ever face the table. */
export function box(
  b: MeshBuilder,
  x0: number, x1: number, y0: number, y1: number, z0: number, z1: number,
  material: number,
  withBottom = false,
): void {
  b.quadAt([x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1], material);
  b.quadAt([x1, y0, z0], [x1, y1, z0], [x1, y1, z1], [x1, y0, z1], material);
  b.quadAt([x0, y0, z0], [x0, y0, z1], [x0, y1, z1], [x0, y1, z0], material);
  b.quadAt([x0, y1, z0], [x0, y1, z1], [x1, y1, z1], [x1, y1, z0], material);
  b.quadAt([x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1], material);
  if (withBottom) b.quadAt([x0, y0, z0], [x0, y1, z0], [x1, y1, z0], [x1, y0, z0], material);
}

function cuboid(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  box(b, -s.sx / 2, s.sx / 2, -s.sy / 2, s.sy / 2, 0, s.sz, MAT.body);
  return b.build();
}

/** A drinks can: coloured body between silver bevelled ends. */
function can(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const r = 0.5;
  const h = s.sz;
  lathe(b, [p(0.9 * r, 0, MAT.metal), p(r, 0.05 * h), p(r, 0.93 * h, MAT.metal), p(0.88 * r, h, MAT.metal), p(0, h)], 16, s.sx, s.sy);
  return b.build();
}

function ball(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const rings = 8;
  const profile: ProfilePoint[] = [];
  for (let i = 0; i <= rings; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / rings;
    profile.push(p(0.5 * detCos(a), (s.sz / 2) * (1 + detSin(a))));
  }
  lathe(b, profile, 12, s.sx, s.sy);
  return b.build();
}

/** A mug: slightly flared, dark inside, with a small handle on local +x. */
function cup(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const rt = s.sx / 2;
  const rb = 0.84 * rt;
  const h = s.sz;
  const wall = 0.004;
  const floor = 0.008;
  const q = s.sy / s.sx;
  lathe(b, [p(rb, 0), p(rt, h, MAT.rim), p(rt - wall, h, MAT.inner), p(rb - wall, floor, MAT.innerFloor), p(0, floor)], 16, 1, q);
  const out = rt + 0.014;
  const t = 0.006;
  const grip = 0.004;
  const at = (z: number) => rb + ((rt - rb) * z) / h - 0.002;
  box(b, at(0.78 * h), out, -grip, grip, 0.7 * h, 0.7 * h + t, MAT.body, true);
  box(b, at(0.25 * h), out, -grip, grip, 0.2 * h, 0.2 * h + t, MAT.body, true);
  box(b, out - t, out, -grip, grip, 0.2 * h, 0.7 * h + t, MAT.body);
  return b.build();
}

/** Body, rounded shoulder, neck and a dark cap. */
function bottle(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const r = 0.5;
  const h = s.sz;
  const neck = 0.36 * r;
  const capR = 0.44 * r;
  lathe(
    b,
    [
      p(0.9 * r, 0), p(r, 0.04 * h), p(r, 0.6 * h), p(0.9 * r, 0.7 * h), p(0.6 * r, 0.77 * h), p(neck, 0.81 * h),
      p(neck, 0.88 * h, MAT.cap), p(capR, 0.88 * h, MAT.cap), p(capR, h, MAT.cap), p(0, h),
    ],
    12, s.sx, s.sy,
  );
  return b.build();
}

/** A carrot lying along local x: tapered to a point at -x, a green stub at +x. */
function carrot(s: ObjectSize): Mesh {
  const lathed = new MeshBuilder();
  const l = s.sx;
  lathe(
    lathed,
    [
      p(0, -0.5 * l), p(0.12, -0.36 * l), p(0.3, -0.15 * l), p(0.42, 0.08 * l), p(0.5, 0.3 * l),
      p(0.4, 0.4 * l), p(0.16, 0.43 * l, MAT.leaf), p(0.12, 0.5 * l, MAT.leaf), p(0, 0.5 * l),
    ],
    12, s.sy, s.sz,
  );
  // The lathe runs along z; a cyclic swap of axes (a rotation, so winding survives) lays it along x.
  const mesh = lathed.build();
  const pos = mesh.positions;
  const b = new MeshBuilder();
  for (let i = 0; i < pos.length; i += 3) b.vertex(pos[i + 2]!, pos[i]!, pos[i + 1]! + s.sz / 2);
  for (let t = 0; t < mesh.triangles.length; t += 3) {
    b.triangle(mesh.triangles[t]!, mesh.triangles[t + 1]!, mesh.triangles[t + 2]!, mesh.materials[t / 3]!);
  }
  return b.build();
}

function bowl(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const r = s.sx / 2;
  const h = s.sz;
  const wall = Math.min(0.006, 0.08 * r);
  lathe(
    b,
    [
      p(0.42 * r, 0), p(0.7 * r, 0.3 * h), p(0.9 * r, 0.65 * h), p(r, h, MAT.rim), p(r - wall, h, MAT.bowlInner),
      p(0.9 * r - wall, 0.68 * h, MAT.bowlInner), p(0.68 * r - wall, 0.36 * h, MAT.bowlInner),
      p(0.4 * r - wall, 0.14 * h, MAT.innerFloor), p(0, 0.14 * h),
    ],
    16, 1, s.sy / s.sx,
  );
  return b.build();
}

/** A flat disc whose raised rim slopes down to the eating surface. */
function plate(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const r = s.sx / 2;
  const h = s.sz;
  lathe(b, [p(0.72 * r, 0), p(r, h, MAT.rim), p(0.93 * r, h), p(0.7 * r, 0.35 * h), p(0, 0.35 * h)], 16, 1, s.sy / s.sx);
  return b.build();
}

/** A shallow box: outer walls, a rim, darker inner walls and a floor. */
function tray(s: ObjectSize): Mesh {
  const b = new MeshBuilder();
  const [x1, y1, h] = [s.sx / 2, s.sy / 2, s.sz];
  const [x0, y0] = [-x1, -y1];
  const t = 0.008;
  const f = 0.006;
  b.quadAt([x1, y0, 0], [x1, y1, 0], [x1, y1, h], [x1, y0, h], MAT.body);
  b.quadAt([x0, y0, 0], [x0, y0, h], [x0, y1, h], [x0, y1, 0], MAT.body);
  b.quadAt([x0, y1, 0], [x0, y1, h], [x1, y1, h], [x1, y1, 0], MAT.body);
  b.quadAt([x0, y0, 0], [x1, y0, 0], [x1, y0, h], [x0, y0, h], MAT.body);
  const [ix0, ix1, iy0, iy1] = [x0 + t, x1 - t, y0 + t, y1 - t];
  b.quadAt([x0, y0, h], [x1, y0, h], [ix1, iy0, h], [ix0, iy0, h], MAT.rim);
  b.quadAt([x1, y0, h], [x1, y1, h], [ix1, iy1, h], [ix1, iy0, h], MAT.rim);
  b.quadAt([x1, y1, h], [x0, y1, h], [ix0, iy1, h], [ix1, iy1, h], MAT.rim);
  b.quadAt([x0, y1, h], [x0, y0, h], [ix0, iy0, h], [ix0, iy1, h], MAT.rim);
  // Inner walls face the tray's middle: the outer walls' windings, mirrored.
  b.quadAt([ix1, iy0, f], [ix1, iy0, h], [ix1, iy1, h], [ix1, iy1, f], MAT.trayInner);
  b.quadAt([ix0, iy0, f], [ix0, iy1, f], [ix0, iy1, h], [ix0, iy0, h], MAT.trayInner);
  b.quadAt([ix0, iy1, f], [ix1, iy1, f], [ix1, iy1, h], [ix0, iy1, h], MAT.trayInner);
  b.quadAt([ix0, iy0, f], [ix0, iy0, h], [ix1, iy0, h], [ix1, iy0, f], MAT.trayInner);
  b.quadAt([ix0, iy0, f], [ix1, iy0, f], [ix1, iy1, f], [ix0, iy1, f], MAT.trayFloor);
  return b.build();
}

const BUILDERS: Record<(typeof KIND_SPECS)[ObjectKind]['shape'], (s: ObjectSize) => Mesh> = {
  box: cuboid,
  cylinder: can,
  sphere: ball,
  cup,
  bottle,
  capsule: carrot,
  bowl,
  plate,
  tray,
};

export function buildKindMesh(kind: ObjectKind, size: ObjectSize): Mesh {
  return BUILDERS[KIND_SPECS[kind].shape](size);
}
