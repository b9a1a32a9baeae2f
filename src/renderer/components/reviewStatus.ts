import { REVIEW_STATUSES, type ReviewStatus } from '../../shared/contract/domain';

/** Labels, tones and keys of review statuses: one table, so badges, filters and shortcuts agree. */
export const REVIEW_META: Record<ReviewStatus, { label: string; short: string; tone: string; key: string }> = {
  unreviewed: { label: 'Unreviewed', short: '—', tone: 'neutral', key: 'u' },
  accepted: { label: 'Accepted', short: '✓', tone: 'ok', key: 'a' },
  rejected: { label: 'Rejected', short: '✕', tone: 'danger', key: 'r' },
  needs_annotation: { label: 'Needs annotation', short: '✎', tone: 'violet', key: 'n' },
};

export const REVIEW_ORDER: readonly ReviewStatus[] = REVIEW_STATUSES;

/** The status a key sets, if any: lowercase sets, uppercase (Shift) sets and moves on. */
export function reviewStatusForKey(key: string): { status: ReviewStatus; advance: boolean } | null {
  const lower = key.toLowerCase();
  const status = REVIEW_ORDER.find((s) => REVIEW_META[s].key === lower);
  if (!status || key.length !== 1) return null;
  return { status, advance: key !== lower };
}
