import { SegmentGeometry } from '../../../shared/contract/annotations';
import type { KindUtil } from '../types';

/** A phase span lives on the timeline: nothing to draw or hit on the image. Its frames sit on the annotation. */
export const segmentUtil: KindUtil<SegmentGeometry> = {
  kind: 'segment',
  schema: SegmentGeometry,
  spatial: false,
  create: () => ({ phase: 'other', text: '' }),
  hitTest: () => null,
  handles: () => [],
  move: (g) => g,
  dragHandle: (g) => g,
  bounds: () => null,
  clampToImage: (g) => g,
  validate: (g) => (g.text.length > 2000 ? ['the segment text is longer than 2000 characters'] : []),
  render: () => [],
};
