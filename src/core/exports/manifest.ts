/**
 * manifest.json, written beside grounding.jsonl: what each image shows (episode, camera, frame, the
 * camera's pixel size) and where each record came from. The JSONL alone cannot be mapped back to the
 * project; with this file an import can.
 */
import { z } from 'zod';
import type { BuiltRecords } from './groundingRecords';

export const MANIFEST_FILE = 'manifest.json';
export const JSONL_FILE = 'grounding.jsonl';
export const COCO_FILE = 'coco.json';

const Id = z.number().int();

export const ManifestImage = z.object({
  datasetId: Id,
  dataset: z.string(),
  episodeId: Id,
  episodeIndex: Id,
  cameraId: Id,
  camera: z.string(),
  frame: Id.nonnegative(),
  /** The camera's pixel frame the stored coordinates were in. */
  width: z.number().positive(),
  height: z.number().positive(),
});
export type ManifestImage = z.infer<typeof ManifestImage>;

export const ManifestRecord = z.object({
  kind: z.enum(['point', 'box', 'trajectory']),
  annotationIds: z.array(z.string()),
  frames: z.array(Id.nonnegative()).optional(),
  of: z.enum(['gripper', 'object']).optional(),
  label: z.string().optional(),
});

export const GroundingManifest = z.object({
  format: z.literal('st4vla-grounding'),
  version: z.literal(1),
  /** Side of the written square images, px. */
  size: z.number().int().positive(),
  jsonl: z.string(),
  project: z.string(),
  images: z.record(z.string(), ManifestImage),
  records: z.record(z.string(), ManifestRecord),
});
export type GroundingManifest = z.infer<typeof GroundingManifest>;

export function buildManifest(built: BuiltRecords, size: number, project: string): GroundingManifest {
  const images: Record<string, ManifestImage> = {};
  for (const [path, f] of built.images) {
    images[path] = {
      datasetId: f.datasetId, dataset: f.datasetName, episodeId: f.episodeId, episodeIndex: f.episodeIndex,
      cameraId: f.cameraId, camera: f.cameraName, frame: f.frame, width: f.width, height: f.height,
    };
  }
  return {
    format: 'st4vla-grounding', version: 1, size, jsonl: JSONL_FILE, project, images,
    records: Object.fromEntries(built.origins),
  };
}
