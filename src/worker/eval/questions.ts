/**
 * The grounding question paraphrases when the host sends none: the studio's defaults in
 * resources/qa-templates.json, in either file form (version 1 lists of questions, version 2 templates).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuestionLists } from '../../shared/rollouts/query';

const FILE = 'qa-templates.json';

/** resources/ sits at the package root; walking up finds it from src/ and from a bundle under out/. */
function defaultsFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`questions: no resources/${FILE} above ${fileURLToPath(import.meta.url)}; pass the questions in the request`);
  }
}

export function defaultQuestions(file = defaultsFile()): QuestionLists {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const source = (json.version === 2 ? json.templates : json) as Record<string, unknown>;
  const list = (kind: 'point' | 'box' | 'trajectory'): string[] => {
    const entry = source?.[kind];
    const questions = Array.isArray(entry) ? entry : (entry as { questions?: unknown } | undefined)?.questions;
    if (!Array.isArray(questions) || questions.length === 0 || !questions.every((q) => typeof q === 'string' && q.trim())) {
      throw new Error(`questions: ${file} has no ${kind} questions`);
    }
    return questions as string[];
  };
  return { point: list('point'), box: list('box'), trajectory: list('trajectory') };
}
