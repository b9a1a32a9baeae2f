/** The taxonomy editor's draft: tags being added, renamed, reordered and removed before one save. */
import type { FailureTag } from './rolloutsStore';

export interface DraftTag {
  /** Stable across edits, for React keys and moves. */
  key: string;
  name: string;
  description: string;
  color: string | null;
  /** The saved name this row started as; null for a tag added in this draft. */
  original: string | null;
}

export function draftOf(tags: readonly FailureTag[]): DraftTag[] {
  return tags.map((t) => ({ key: `saved:${t.name}`, name: t.name, description: t.description, color: t.color, original: t.name }));
}

let added = 0;
export function newDraftTag(name = ''): DraftTag {
  added += 1;
  return { key: `new:${added}`, name, description: '', color: null, original: null };
}

export function moveTag(draft: readonly DraftTag[], key: string, delta: -1 | 1): DraftTag[] {
  const from = draft.findIndex((t) => t.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= draft.length) return [...draft];
  const next = [...draft];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** The rollouts.taxonomy.set tags: a renamed saved tag carries `from`, so its rollouts keep it. */
export function taxonomyInput(draft: readonly DraftTag[]) {
  return draft.map((t) => {
    const name = t.name.trim();
    return {
      name,
      description: t.description,
      color: t.color,
      ...(t.original !== null && t.original !== name ? { from: t.original } : {}),
    };
  });
}

/** Problems the backend would refuse anyway, said before the round trip: empty and repeated names. */
export function draftProblems(draft: readonly DraftTag[]): string[] {
  const problems: string[] = [];
  if (draft.length === 0) problems.push('The taxonomy needs at least one tag');
  const seen = new Set<string>();
  draft.forEach((t, i) => {
    const name = t.name.trim().toLowerCase();
    if (!name) problems.push(`Tag ${i + 1} has no name`);
    else if (seen.has(name)) problems.push(`"${t.name.trim()}" is in the list twice`);
    seen.add(name);
  });
  return problems;
}

export function isDirty(draft: readonly DraftTag[], saved: readonly FailureTag[]): boolean {
  if (draft.length !== saved.length) return true;
  return draft.some((t, i) => t.original !== saved[i]!.name || t.name !== saved[i]!.name || t.description !== saved[i]!.description);
}
