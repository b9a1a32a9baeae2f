/** Exports of annotations for training: grounding JSONL (InternVLA-M1 stage 1) with COCO beside it. */
export { GroundingExportError } from './errors';
export {
  DEFAULT_IMAGE_SIZE,
  exportGrounding,
  previewGrounding,
  type ExportGroundingOptions,
  type ExportGroundingResult,
  type ExportProgress,
  type GroundingOptions,
  type GroundingPreview,
} from './grounding';
export type { GroundingRecord } from './groundingRecords';
export { importGrounding, type ImportGroundingOptions, type ImportGroundingResult } from './importGrounding';
export { COCO_FILE, JSONL_FILE, MANIFEST_FILE } from './manifest';
export { loadQaTemplates, QA_TEMPLATES_FILE, type QaTemplates } from './qaTemplates';
