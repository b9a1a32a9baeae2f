import type { ReviewStatus } from '../../shared/contract/domain';
import { REVIEW_META } from './reviewStatus';

export function StatusBadge({ status, compact = false }: { status: ReviewStatus; compact?: boolean }) {
  const meta = REVIEW_META[status];
  return (
    <span className={`badge badge--${meta.tone}${compact ? ' badge--compact' : ''}`} title={meta.label} data-status={status}>
      {compact ? meta.short : meta.label}
    </span>
  );
}
