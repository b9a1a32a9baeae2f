/**
 * Meshes are built once per kind and size and shared by every renderer and by the ground truth, so
 * boxes always match what is drawn. Sizes are drawn at random per episode, so the cache is bounded:
 * a dataset run over thousands of episodes must not keep every mesh it ever built.
 */
import type { Mesh } from './mesh';
import { buildKindMesh } from './meshShapes';
import type { SimObject } from './types';

const LIMIT = 256;
const cache = new Map<string, Mesh>();

export function objectMesh(obj: Pick<SimObject, 'kind' | 'size'>): Mesh {
  const { sx, sy, sz } = obj.size;
  const key = `${obj.kind}:${sx}:${sy}:${sz}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-inserting keeps the Map's order least-recently-used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const mesh = buildKindMesh(obj.kind, obj.size);
  cache.set(key, mesh);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
  return mesh;
}
