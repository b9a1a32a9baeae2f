import type { ReactNode } from 'react';
import type { EpisodeDetail, ReviewStatus } from '../../../shared/contract/domain';
import { formatCount, formatShortSeconds } from '../../components/format';
import { ReviewBar } from './ReviewBar';

export interface EpisodeHeaderViewProps {
  episode: EpisodeDetail;
  /** The status to show, which may be ahead of `episode` after an optimistic change. */
  status: ReviewStatus;
  onReview(status: ReviewStatus): void;
  onStep(delta: number): void;
  /** Mode switches shown before the review buttons (the annotation toggle). */
  actions?: ReactNode;
}

export function EpisodeHeaderView({ episode, status, onReview, onStep, actions }: EpisodeHeaderViewProps) {
  const cams = episode.cameras;
  const camText = cams.length === 1 ? `1 camera · ${cams[0]?.width}×${cams[0]?.height} ${cams[0]?.codec}` : `${cams.length} cameras`;
  return (
    <header className="episode-header">
      <div className="episode-header__nav">
        <button type="button" className="icon-btn" aria-label="Previous episode" title="Previous episode (K)" onClick={() => onStep(-1)}>
          ‹
        </button>
        <button type="button" className="icon-btn" aria-label="Next episode" title="Next episode (J)" onClick={() => onStep(1)}>
          ›
        </button>
      </div>
      <div className="episode-header__text">
        <h1 className="episode-header__title">
          <span className="episode-header__index mono">#{episode.index}</span>
          <span className="episode-header__instruction" title={episode.instruction}>
            {episode.instruction || 'No instruction'}
          </span>
        </h1>
        <div className="episode-header__meta">
          <span>{episode.datasetName}</span>
          <span className="mono">{formatCount(episode.length)} frames</span>
          <span className="mono">{formatShortSeconds(episode.length / episode.fps)}</span>
          <span className="mono">{episode.fps} fps</span>
          <span>{camText}</span>
          {episode.annotationCount > 0 && <span>{episode.annotationCount} annotations</span>}
        </div>
      </div>
      {actions}
      <ReviewBar status={status} onSet={onReview} />
    </header>
  );
}
