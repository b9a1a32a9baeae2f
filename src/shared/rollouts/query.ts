/**
 * The grounding question an evaluation asks the policy, built as training builds its ground-truth
 * questions (core/exports/qaTemplates renderQuestion with the label "target object"): the same paraphrase
 * lists, the same stable pick by record id, the instruction as a sentence. Here, pure, because the worker
 * may not import core; core's renderQuestion is built on it.
 */
export type QueryKind = 'point' | 'box' | 'trajectory';

/** The question paraphrases per kind, as a project's QA templates hold them. */
export type QuestionLists = Record<QueryKind, readonly string[]>;

/** What training calls the sim's target when it asks about it. */
export const TRUTH_LABEL = 'target object';

/** FNV-1a over UTF-16 code units: the same record id picks the same paraphrase on every machine and run. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Dataset task texts are often lower-case without a full stop ("pick the pear"); the question reads as a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function renderQuery(questions: readonly string[], recordId: string, instruction: string, label = TRUTH_LABEL): string {
  if (questions.length === 0) throw new Error('grounding questions: the list is empty');
  return questions[stableHash(recordId) % questions.length]!
    .replaceAll('{instruction}', asSentence(instruction))
    .replaceAll('{label}', label)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The question for step t of a rollout; the record id varies the paraphrase over steps as training's truth records do over frames. */
export function groundingQuery(questions: QuestionLists, kind: QueryKind, rollout: string, t: number, instruction: string): string {
  return renderQuery(questions[kind], `rollout:${rollout}:${kind}@${t}`, instruction);
}
