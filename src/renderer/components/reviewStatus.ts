import { REVIEW_STATUSES, type ReviewStatus } from '../../shared/contract/domain';

/**
 * Labels, tones and keys of review statuses: one table, so badges, filters, the review bar and the
 * shortcuts agree. The keys avoid the studio's own (J K I E / ?) and the annotation tools' (v p b t f
 * o m , . digits Space): U back to do, W working on it, D done, N needs review, R rejected.
 */
export const REVIEW_META: Record<ReviewStatus, { label: string; short: string; tone: string; key: string }> = {
  todo: { label: 'To do', short: '○', tone: 'neutral', key: 'u' },
  in_progress: { label: 'In progress', short: '◐', tone: 'info', key: 'w' },
  done: { label: 'Done', short: '✓', tone: 'ok', key: 'd' },
  needs_review: { label: 'Needs review', short: '?', tone: 'warn', key: 'n' },
  rejected: { label: 'Rejected', short: '✕', tone: 'danger', key: 'r' },
};

export const REVIEW_ORDER: readonly ReviewStatus[] = REVIEW_STATUSES;

/** The status a key sets, if any: lowercase sets, uppercase (Shift) sets and moves on. */
export function reviewStatusForKey(key: string): { status: ReviewStatus; advance: boolean } | null {
  const lower = key.toLowerCase();
  const status = REVIEW_ORDER.find((s) => REVIEW_META[s].key === lower);
  if (!status || key.length !== 1) return null;
  return { status, advance: key !== lower };
}
