import type { ReviewStatus } from '../../../shared/contract/domain';
import { REVIEW_META, REVIEW_ORDER } from '../../components/reviewStatus';

export interface ReviewBarProps {
  status: ReviewStatus;
  onSet(status: ReviewStatus): void;
  disabled?: boolean;
}

/** The five statuses side by side, the one in force pressed: one click (or its key) sets another. */
export function ReviewBar({ status, onSet, disabled }: ReviewBarProps) {
  return (
    <div className="review-bar" role="group" aria-label="Review status">
      {REVIEW_ORDER.map((choice) => {
        const meta = REVIEW_META[choice];
        const active = status === choice;
        return (
          <button
            key={choice}
            type="button"
            disabled={disabled}
            data-status={choice}
            className={`review-bar__btn review-bar__btn--${meta.tone}${active ? ' is-active' : ''}`}
            aria-pressed={active}
            aria-label={meta.label}
            title={`${meta.label} (${meta.key.toUpperCase()}; Shift+${meta.key.toUpperCase()} sets and opens the next episode)`}
            onClick={() => {
              if (!active) onSet(choice);
            }}
          >
            <span aria-hidden>{meta.short}</span>
            <span className="review-bar__label">{meta.label}</span>
            <kbd className="kbd">{meta.key.toUpperCase()}</kbd>
          </button>
        );
      })}
    </div>
  );
}
