import { useRef, useState, type ReactNode } from 'react';
import type { EpisodeDetail, ReviewStatus } from '../../../shared/contract/domain';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { useHotkeys } from '../../components/hotkeys';
import { reviewStatusForKey } from '../../components/reviewStatus';
import { Splitter, useStoredRatio } from '../../components/Splitter';
import { getStudioClient } from '../../platform/client';
import { EpisodePlayer } from '../../playback';
import { EpisodeHeaderView } from './EpisodeHeaderView';
import { playerFrame, seekPlayer } from './playerLink';
import { SignalsPanel } from './signals/SignalsPanel';
import { episodeListStore, useEpisodeList } from './stores';
import { useEpisodeData } from './useEpisodeData';
import './EpisodeView.css';

export interface EpisodeViewProps {
  /**
   * The annotation workspace for an episode, given by the app (a feature may not import another):
   * when present, an Annotate toggle (E) shows it over the player's cameras, on the player's clock.
   */
  annotate?(episode: EpisodeDetail, exit: () => void): ReactNode;
}

/** The main area: the selected episode's cameras on one clock, its signals below, review in the header. */
export function EpisodeView({ annotate }: EpisodeViewProps = {}) {
  const selectedId = useEpisodeList((s) => s.selectedId);
  const listStatus = useEpisodeList((s) => Object.values(s.rows).find((r) => r.id === s.selectedId)?.reviewStatus);
  const { detail, signals, error, signalsError, reload } = useEpisodeData(selectedId);
  const [transcodeError, setTranscodeError] = useState<unknown>(null);
  const [viewRatio, setViewRatio] = useStoredRatio('episode', 0.56);
  // Annotating wants the frame large: the mode keeps its own split, mostly canvas.
  const [annotateRatio, setAnnotateRatio] = useStoredRatio('episode-annotate', 0.78);
  const splitRef = useRef<HTMLDivElement>(null);
  const status: ReviewStatus = listStatus ?? detail?.reviewStatus ?? 'todo';
  const [reviewError, setReviewError] = useState<{ index: number; error: unknown } | null>(null);
  const [annotating, setAnnotating] = useState(false);
  const [ratio, setRatio] = annotating && annotate ? [annotateRatio, setAnnotateRatio] : [viewRatio, setViewRatio];

  const review = (next: ReviewStatus, advance = false) => {
    if (selectedId === null || !detail) return;
    const index = detail.index;
    // The badge changes at once; on failure the store rolls it back and the reason shows here, naming
    // the episode, since Shift+key may already have moved on to the next one.
    episodeListStore.getState().setReview(selectedId, next).then(
      () => setReviewError(null),
      (error: unknown) => setReviewError({ index, error }),
    );
    if (advance) void episodeListStore.getState().step(1);
  };

  // Re-encodes a camera the browser cannot decode; the new detail points the player at the H.264 copy.
  const transcode = (camera: string) => {
    if (!detail) return;
    setTranscodeError(null);
    const jobId = `transcode-${detail.id}-${camera}-${Date.now()}`;
    getStudioClient().call('media.transcode', { episodeId: detail.id, camera, jobId }).then(reload, setTranscodeError);
  };

  useHotkeys((e) => {
    if (e.key === 'e' && annotate && detail) {
      setAnnotating((on) => !on);
      return true;
    }
    const hit = reviewStatusForKey(e.key);
    if (!hit || !detail) return false;
    review(hit.status, hit.advance);
    return true;
  }, detail !== null);

  if (selectedId === null) {
    return (
      <main className="episode-view episode-view--empty">
        <EmptyState title="No episode open">Pick an episode in the list, or press J to open the next one.</EmptyState>
      </main>
    );
  }
  if (error) {
    return (
      <main className="episode-view episode-view--empty">
        <ErrorNotice error={toErrorView(error, 'Could not open this episode')} />
      </main>
    );
  }
  if (!detail) return <main className="episode-view episode-view--loading" aria-busy />;

  return (
    <main className="episode-view" data-episode-id={detail.id}>
      <EpisodeHeaderView
        episode={detail}
        status={status}
        onReview={(s) => review(s)}
        onStep={(d) => void episodeListStore.getState().step(d)}
        actions={
          annotate ? (
            <Button size="sm" variant={annotating ? 'primary' : 'default'} aria-pressed={annotating} shortcut="E" onClick={() => setAnnotating((on) => !on)}>
              Annotate
            </Button>
          ) : null
        }
      />
      {reviewError ? (
        <div className="episode-view__notice">
          <ErrorNotice
            error={toErrorView(reviewError.error, `The review status of episode #${reviewError.index} was not saved`)}
            onDismiss={() => setReviewError(null)}
          />
        </div>
      ) : null}
      {transcodeError ? (
        <div className="episode-view__notice">
          <ErrorNotice error={toErrorView(transcodeError, 'The video could not be transcoded')} onDismiss={() => setTranscodeError(null)} />
        </div>
      ) : null}
      <div className="episode-view__split" ref={splitRef} style={{ gridTemplateRows: `${ratio}fr 5px ${1 - ratio}fr` }}>
        <section className={`episode-view__player${annotating && annotate ? ' episode-view__player--annotating' : ''}`} aria-label="Cameras">
          {annotating && annotate ? <div className="episode-view__annotate">{annotate(detail, () => setAnnotating(false))}</div> : null}
          <EpisodePlayer episode={detail} onTranscode={transcode} />
        </section>
        <Splitter ratio={ratio} onRatio={setRatio} containerRef={splitRef} />
        <section className="episode-view__signals" aria-label="Signals">
          {signalsError ? (
            <ErrorNotice error={toErrorView(signalsError, 'Could not load the signals of this episode')} />
          ) : signals ? (
            signals.data.length > 0 ? (
              <SignalsPanel signals={signals.data} frame={playerFrame} onSeek={seekPlayer} episodeKey={signals.episodeId} />
            ) : (
              <EmptyState title="No state or action signals">This episode has video only.</EmptyState>
            )
          ) : (
            <div className="signals__loading muted">Loading signals…</div>
          )}
        </section>
      </div>
    </main>
  );
}
