/**
 * The question-answer templates of grounding records. The studio's defaults live in
 * resources/qa-templates.json; a project keeps its own in qa-templates.json in its folder (written by
 * grounding.templates.set). Questions are paraphrases; answers are forms around the one JSON shape
 * InternVLA-M1 is trained on ("{answer}" alone by default). The older file form, a list of questions
 * per kind with any kind left out, still reads: the kinds it lists replace the defaults' questions.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { GroundingTemplates, KindTemplates, TEMPLATE_KINDS, type TemplateKind } from '../../shared/contract/grounding';
import { asSentence, renderQuery, stableHash } from '../../shared/rollouts/query';

export const QA_TEMPLATES_FILE = 'qa-templates.json';

export type QaTemplates = GroundingTemplates;
export type { TemplateKind };

/** A plain answer: the JSON itself, as the released data has it. */
const PLAIN_ANSWER = '{answer}';

const Questions = z.array(z.string().trim().min(1)).min(1);
/** The older form: questions only, any kind may be left out. */
const QuestionLists = z.object({
  version: z.literal(1).optional(),
  box: Questions.optional(),
  point: Questions.optional(),
  trajectory: Questions.optional(),
  objectTrajectory: Questions.optional(),
});
/** The form the studio writes. */
const TemplatesFile = z.object({ version: z.literal(2), templates: GroundingTemplates });

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

/** Reads either file form; question lists are laid over `base` kind by kind. */
function readTemplates(file: string, base: QaTemplates | null): QaTemplates {
  const json = readJson(file);
  if (json && typeof json === 'object' && (json as { version?: unknown }).version === 2) {
    const parsed = TemplatesFile.safeParse(json);
    if (!parsed.success) throw new QaTemplatesError(file, describeIssues(parsed.error));
    return parsed.data.templates;
  }
  const lists = QuestionLists.safeParse(json);
  if (!lists.success) throw new QaTemplatesError(file, describeIssues(lists.error));
  const merged = {} as Record<TemplateKind, KindTemplates>;
  for (const kind of TEMPLATE_KINDS) {
    const questions = lists.data[kind] ?? base?.[kind].questions;
    if (!questions) throw new QaTemplatesError(file, `${kind}: needs at least one question`);
    merged[kind] = { questions, answers: base?.[kind].answers ?? [PLAIN_ANSWER] };
  }
  const checked = GroundingTemplates.safeParse(merged);
  if (!checked.success) throw new QaTemplatesError(file, describeIssues(checked.error));
  return checked.data;
}

export function defaultQaTemplates(defaultsFile = defaultTemplatesFile()): QaTemplates {
  return readTemplates(defaultsFile, null);
}

/** Whether the project has its own templates. */
export function hasProjectTemplates(projectDir: string): boolean {
  return existsSync(join(projectDir, QA_TEMPLATES_FILE));
}

/** The defaults, or the project's own templates when it has them. */
export function loadQaTemplates(projectDir?: string, defaultsFile = defaultTemplatesFile()): QaTemplates {
  const defaults = defaultQaTemplates(defaultsFile);
  if (projectDir === undefined || !hasProjectTemplates(projectDir)) return defaults;
  return readTemplates(join(projectDir, QA_TEMPLATES_FILE), defaults);
}

/** Writes the project's templates (null removes them: back to the defaults). Replaced by rename, never half-written. */
export function saveQaTemplates(projectDir: string, templates: QaTemplates | null): void {
  const file = join(projectDir, QA_TEMPLATES_FILE);
  if (templates === null) {
    rmSync(file, { force: true });
    return;
  }
  const checked = GroundingTemplates.parse(templates);
  const temp = `${file}.part-${process.pid}`;
  writeFileSync(temp, JSON.stringify({ version: 2, templates: checked }, null, 2) + '\n');
  renameSync(temp, file);
}

export { stableHash };

export interface TemplateValues {
  instruction: string;
  label?: string;
}

export { asSentence };

function pick(list: readonly string[], key: string): string {
  return list[stableHash(key) % list.length]!;
}

/** Picks a paraphrase by the record id and fills it in (shared with the worker's evaluation questions). */
export function renderQuestion(templates: QaTemplates, kind: TemplateKind, recordId: string, values: TemplateValues): string {
  return renderQuery(templates[kind].questions, recordId, values.instruction, values.label ?? 'object');
}

/**
 * Wraps the answer JSON in one of the kind's answer forms, picked apart from the question so the two vary
 * independently. Whitespace is kept: a form may put the JSON in a fenced block.
 */
export function renderAnswer(templates: QaTemplates, kind: TemplateKind, recordId: string, json: string, label?: string): string {
  return pick(templates[kind].answers, `${recordId}#answer`)
    .replaceAll('{label}', label ?? 'object')
    .replace('{answer}', () => json)
    .trim();
}
