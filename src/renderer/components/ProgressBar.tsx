import { percent } from './format';

export interface ProgressBarProps {
  done: number;
  total: number;
  label?: string;
  /** What is happening now, e.g. "reading episode 3 of 5". */
  detail?: string;
  tone?: 'accent' | 'danger';
  compact?: boolean;
}

/** Determinate when the total is known, an animated stripe otherwise. */
export function ProgressBar({ done, total, label, detail, tone = 'accent', compact = false }: ProgressBarProps) {
  const pct = percent(done, total);
  return (
    <div className={`progress progress--${tone}${compact ? ' progress--compact' : ''}`}>
      {(label || pct !== null) && (
        <div className="progress__head">
          <span className="progress__label">{label}</span>
          {pct !== null && <span className="progress__pct mono">{pct}%</span>}
        </div>
      )}
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label ?? 'progress'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div
          className={`progress__fill${pct === null ? ' progress__fill--indeterminate' : ''}`}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
      {detail && <div className="progress__detail">{detail}</div>}
    </div>
  );
}
