/** Grounding question-answer templates, their preview, and the grounding export and import. */
import { z } from 'zod';
import { method } from './define';
import { Id } from './domain';

/** The record kinds that have their own templates: a trajectory of an object reads differently from the gripper's. */
export const TEMPLATE_KINDS = ['box', 'point', 'trajectory', 'objectTrajectory'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Placeholders each kind's questions and answers may use; an answer must hold `{answer}` (the JSON) exactly once. */
export const TEMPLATE_PLACEHOLDERS: Record<TemplateKind, { questions: readonly string[]; answers: readonly string[] }> = {
  box: { questions: ['instruction'], answers: ['answer'] },
  point: { questions: ['instruction', 'label'], answers: ['answer', 'label'] },
  trajectory: { questions: ['instruction'], answers: ['answer'] },
  objectTrajectory: { questions: ['instruction', 'label'], answers: ['answer', 'label'] },
};

const Forms = (what: string) => z.array(z.string().trim().min(1, `a ${what} must not be empty`)).min(1, `needs at least one ${what}`);

export const KindTemplates = z.object({
  /** Paraphrases of the question; each record picks one by a stable hash of its id. */
  questions: Forms('question'),
  /** Forms of the answer around the coordinates JSON, e.g. "{answer}" or "```json\n{answer}\n```". */
  answers: Forms('answer'),
});
export type KindTemplates = z.infer<typeof KindTemplates>;

function checkPlaceholders(templates: Record<TemplateKind, KindTemplates>, ctx: z.RefinementCtx): void {
  for (const kind of TEMPLATE_KINDS) {
    for (const part of ['questions', 'answers'] as const) {
      const allowed = TEMPLATE_PLACEHOLDERS[kind][part];
      templates[kind][part].forEach((text, i) => {
        const path = [kind, part, i];
        for (const [, name] of text.matchAll(/\{([^{}]*)\}/g)) {
          if (!allowed.includes(name!)) {
            const list = allowed.map((a) => `{${a}}`).join(', ');
            ctx.addIssue({ code: 'custom', path, message: `unknown placeholder {${name}}; ${kind} ${part} may use ${list}` });
          }
        }
        if (part === 'answers') {
          const count = text.split('{answer}').length - 1;
          if (count !== 1) ctx.addIssue({ code: 'custom', path, message: `an answer must hold {answer} exactly once (it holds it ${count} times)` });
        }
      });
    }
  }
}

export const GroundingTemplates = z
  .object({ box: KindTemplates, point: KindTemplates, trajectory: KindTemplates, objectTrajectory: KindTemplates })
  .superRefine(checkPlaceholders);
export type GroundingTemplates = z.infer<typeof GroundingTemplates>;

export const GroundingKind = z.enum(['point', 'box', 'trajectory']);
export type GroundingKind = z.infer<typeof GroundingKind>;
export const KindCounts = z.object({ point: z.number().int(), box: z.number().int(), trajectory: z.number().int() });
export type KindCounts = z.infer<typeof KindCounts>;

export const TemplatesState = z.object({
  templates: GroundingTemplates,
  /** False while the project uses the studio's defaults. */
  custom: z.boolean(),
  defaults: GroundingTemplates,
});
export type TemplatesState = z.infer<typeof TemplatesState>;

const Selection = {
  /** Only these datasets; every annotated episode when left out. */
  datasetIds: z.array(Id).min(1).optional(),
};

export const PreviewRecord = z.object({
  id: z.string(),
  kind: GroundingKind,
  /** Relative to the export folder, as the JSONL names it. */
  image: z.string(),
  question: z.string(),
  answer: z.string(),
});
export type PreviewRecord = z.infer<typeof PreviewRecord>;

export const GroundingPreview = z.object({
  /** Records per kind. */
  counts: KindCounts,
  total: z.number().int(),
  /** Annotations (track keyframes count one each) per label and kind. */
  labels: z.array(z.object({ label: z.string(), counts: KindCounts })),
  images: z.number().int(),
  records: z.array(PreviewRecord),
});
export type GroundingPreview = z.infer<typeof GroundingPreview>;

export const GroundingExportInput = z.object({
  out: z.string().trim().min(1, 'choose a folder to export into'),
  size: z.number().int().min(2).max(4096).default(224),
  coco: z.boolean().default(true),
  /** Replace an export folder that is not empty. */
  overwrite: z.boolean().default(false),
  ...Selection,
  jobId: z.string().min(1).max(100),
});

export const GroundingExportResult = z.object({
  dir: z.string(),
  counts: KindCounts,
  records: z.number().int(),
  images: z.number().int(),
  size: z.number().int(),
  /** COCO annotations written; null when COCO was not asked for. */
  cocoAnnotations: z.number().int().nullable(),
  /** Paths relative to dir of the files written beside the images folder. */
  files: z.array(z.string()),
});
export type GroundingExportResult = z.infer<typeof GroundingExportResult>;

export const GroundingImportInput = z.object({
  path: z.string().trim().min(1, 'choose a grounding.jsonl'),
  /** Put every record on this episode (cameras matched by name) instead of the one the manifest names. */
  episodeId: Id.optional(),
  /** Create the label classes the project lacks instead of refusing the file. */
  createLabels: z.boolean().default(false),
});

export const GroundingImportResult = z.object({
  counts: KindCounts,
  annotations: z.number().int(),
  labelsCreated: z.array(z.string()),
  /** Lines not imported and why (an import either takes every usable record or refuses the file). */
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type GroundingImportResult = z.infer<typeof GroundingImportResult>;

export const groundingMethods = {
  'grounding.templates.get': method(
    "The project's QA templates per kind (the studio's defaults until saved), and the defaults.",
    z.object({}),
    TemplatesState,
  ),
  'grounding.templates.set': method(
    "Saves the project's QA templates (every kind needs a question and an answer; placeholders checked); null resets to the defaults.",
    z.object({ templates: GroundingTemplates.nullable() }),
    TemplatesState,
  ),
  'grounding.preview': method(
    'Counts per kind and label and the first `limit` records the export would write (with unsaved templates if given); writes nothing.',
    z.object({ ...Selection, templates: GroundingTemplates.optional(), limit: z.number().int().min(0).max(5000).default(200) }),
    GroundingPreview,
  ),
  'grounding.export': method(
    'Writes grounding.jsonl, manifest.json, the frames (size x size) and coco.json into `out`, all or nothing; refuses a non-empty folder unless overwrite. Progress as job.progress (kind export).',
    GroundingExportInput,
    GroundingExportResult,
  ),
  'grounding.import': method(
    'Imports a grounding JSONL (with the manifest.json beside it) as annotations in one transaction.',
    GroundingImportInput,
    GroundingImportResult,
  ),
} as const;

export const groundingEvents = {} as const;
