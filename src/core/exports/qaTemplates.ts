/**
 * The question templates of grounding QA records. The studio's defaults live in
 * resources/qa-templates.json; a project may put its own qa-templates.json in its folder, and each kind
 * it lists replaces the default list of that kind (kinds it leaves out keep the defaults).
 * Only the questions are templated: the answers keep the one JSON shape InternVLA-M1 is trained on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const QA_TEMPLATES_FILE = 'qa-templates.json';

const Paraphrases = z.array(z.string().trim().min(1)).min(1);

export const QaTemplates = z.object({
  version: z.literal(1).default(1),
  /** One record per frame with every box on it. Placeholders: {instruction}. */
  box: Paraphrases,
  /** One record per frame and label. Placeholders: {instruction}, {label}. */
  point: Paraphrases,
  /** The gripper's path. Placeholders: {instruction}. */
  trajectory: Paraphrases,
  /** An object's path. Placeholders: {instruction}, {label}. */
  objectTrajectory: Paraphrases,
});
export type QaTemplates = z.infer<typeof QaTemplates>;
export type TemplateKind = Exclude<keyof QaTemplates, 'version'>;

export class QaTemplatesError extends Error {
  constructor(file: string, why: string) {
    super(`QA templates in ${file} are invalid: ${why}`);
    this.name = 'QaTemplatesError';
  }
}

/**
 * resources/ sits at the package root. Walking up finds it both from src/ and from a bundle under out/.
 */
export function defaultTemplatesFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', QA_TEMPLATES_FILE);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return resolve(here, '../../../resources', QA_TEMPLATES_FILE);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new QaTemplatesError(file, (error as Error).message);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** The defaults, overlaid by the project's own file when it has one. */
export function loadQaTemplates(projectDir?: string, defaultsFile = defaultTemplatesFile()): QaTemplates {
  const defaults = QaTemplates.safeParse(readJson(defaultsFile));
  if (!defaults.success) throw new QaTemplatesError(defaultsFile, describeIssues(defaults.error));
  const overrideFile = projectDir === undefined ? undefined : join(projectDir, QA_TEMPLATES_FILE);
  if (!overrideFile || !existsSync(overrideFile)) return defaults.data;
  const override = QaTemplates.partial().safeParse(readJson(overrideFile));
  if (!override.success) throw new QaTemplatesError(overrideFile, describeIssues(override.error));
  return { ...defaults.data, ...override.data, version: 1 };
}

/** FNV-1a: a stable hash, so the same record id picks the same paraphrase on every machine and run. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface TemplateValues {
  instruction: string;
  label?: string;
}

/** Dataset task texts are often lower-case without a full stop ("pick the pear"); the question reads as a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Picks a paraphrase by the record id and fills it in. An empty instruction leaves no stray spaces. */
export function renderQuestion(templates: QaTemplates, kind: TemplateKind, recordId: string, values: TemplateValues): string {
  const list = templates[kind];
  const template = list[stableHash(recordId) % list.length]!;
  return template
    .replaceAll('{instruction}', asSentence(values.instruction))
    .replaceAll('{label}', values.label ?? 'object')
    .replace(/\s+/g, ' ')
    .trim();
}
