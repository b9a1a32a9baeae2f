import type { ReviewStatus } from '../../../shared/contract/domain';
import { REVIEW_META } from '../../components/reviewStatus';

const CHOICES: ReviewStatus[] = ['accepted', 'rejected', 'needs_annotation'];

export interface ReviewBarProps {
  status: ReviewStatus;
  onSet(status: ReviewStatus): void;
  disabled?: boolean;
}

/** Three toggles; pressing the active one again returns the episode to unreviewed. */
export function ReviewBar({ status, onSet, disabled }: ReviewBarProps) {
  return (
    <div className="review-bar" role="group" aria-label="Review status">
      {CHOICES.map((choice) => {
        const meta = REVIEW_META[choice];
        const active = status === choice;
        return (
          <button
            key={choice}
            type="button"
            disabled={disabled}
            className={`review-bar__btn review-bar__btn--${meta.tone}${active ? ' is-active' : ''}`}
            aria-pressed={active}
            aria-label={meta.label}
            title={`${meta.label} (${meta.key}; Shift+${meta.key.toUpperCase()} sets and opens the next episode)`}
            onClick={() => onSet(active ? 'unreviewed' : choice)}
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
