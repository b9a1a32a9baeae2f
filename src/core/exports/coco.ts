/**
 * The same annotations as COCO detection/keypoint JSON over the same written images: boxes as
 * [x, y, w, h], points as one-keypoint annotations [x, y, v] (v = 2, visible). Coordinates are in the
 * written size x size image, rounded to 0.01 px (COCO keeps sub-pixel values; the JSONL cannot).
 * Trajectories have no COCO form and are left out.
 */
import type { GroundingItem } from './groundingItems';
import { imagePath } from './groundingRecords';

export interface CocoDataset {
  info: { description: string; version: string };
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string; supercategory: string; keypoints: string[]; skeleton: number[][] }[];
  annotations: CocoAnnotation[];
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0;
  keypoints?: [number, number, number];
  num_keypoints?: number;
}

const hundredths = (v: number) => Math.round(v * 100) / 100;

export function buildCoco(items: GroundingItem[], size: number): CocoDataset {
  const coco: CocoDataset = {
    info: { description: 'ST4VLA Studio grounding export', version: '1' },
    images: [],
    categories: [],
    annotations: [],
  };
  const imageIds = new Map<string, number>();
  const categoryIds = new Map<string, number>();
  for (const label of [...new Set(items.filter((i) => i.kind !== 'trajectory').map((i) => i.label))].sort()) {
    categoryIds.set(label, categoryIds.size + 1);
    coco.categories.push({ id: categoryIds.size, name: label, supercategory: 'object', keypoints: ['point'], skeleton: [] });
  }
  for (const item of items) {
    if (item.kind === 'trajectory') continue;
    const file = imagePath(item.frame);
    let imageId = imageIds.get(file);
    if (imageId === undefined) {
      imageId = imageIds.size + 1;
      imageIds.set(file, imageId);
      coco.images.push({ id: imageId, file_name: file, width: size, height: size });
    }
    const sx = size / item.frame.width;
    const sy = size / item.frame.height;
    const base = { id: coco.annotations.length + 1, image_id: imageId, category_id: categoryIds.get(item.label)!, iscrowd: 0 as const };
    if (item.kind === 'box') {
      const g = item.geometry;
      const x = hundredths(Math.max(0, g.x1 * sx));
      const y = hundredths(Math.max(0, g.y1 * sy));
      const w = hundredths(Math.min(size, g.x2 * sx) - x);
      const h = hundredths(Math.min(size, g.y2 * sy) - y);
      coco.annotations.push({ ...base, bbox: [x, y, w, h], area: hundredths(w * h) });
    } else {
      const x = hundredths(Math.min(size, Math.max(0, item.geometry.x * sx)));
      const y = hundredths(Math.min(size, Math.max(0, item.geometry.y * sy)));
      coco.annotations.push({ ...base, bbox: [x, y, 0, 0], area: 0, keypoints: [x, y, 2], num_keypoints: 1 });
    }
  }
  return coco;
}
