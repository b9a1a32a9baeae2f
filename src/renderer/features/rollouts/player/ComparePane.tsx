import { useEffect, useMemo, type ReactNode } from 'react';
import type { EpisodeDetail } from '../../../../shared/contract/domain';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import { ErrorNotice, toErrorView } from '../../../components/ErrorNotice';
import { createPlayerStore, EpisodePlayerView, usePlayerControls, usePlayerStore, type PlayableEpisode, type PlayerStoreApi } from '../../../playback';
import { rolloutAsEpisode } from './adapt';
import type { CompareTarget } from './compareTarget';
import { followClock } from './followClock';
import { OutcomeBadge } from './OutcomeBadge';
import type { OverlayLayers } from './overlays';
import { describeRollout, useRolloutOverlay } from './RolloutPlayerView';
import { useEpisode, useRollout } from './useRolloutData';

export interface ComparePaneProps {
  target: CompareTarget;
  /** The player whose step this pane shows. */
  leader: PlayerStoreApi;
  layers: OverlayLayers;
  mediaUrl(mediaPath: string): string;
}

/** The second of two side by side: another rollout or a demonstration, on the leader's step. */
export function ComparePane(props: ComparePaneProps) {
  return props.target.kind === 'rollout' ? <CompareRollout {...props} id={props.target.id} /> : <CompareEpisode {...props} id={props.target.id} />;
}

function CompareRollout({ id, leader, layers, mediaUrl }: ComparePaneProps & { id: number }) {
  const loaded = useRollout(id);
  if (loaded.status !== 'ready') return <Pending loaded={loaded} what={`rollout #${id}`} />;
  return <FollowingRollout {...loaded.value} leader={leader} layers={layers} mediaUrl={mediaUrl} />;
}

function FollowingRollout({ rollout, record, leader, layers, mediaUrl }: { rollout: RolloutSummary; record: RolloutRecord; leader: PlayerStoreApi; layers: OverlayLayers; mediaUrl(p: string): string }) {
  const episode = useMemo(() => rolloutAsEpisode(rollout), [rollout]);
  const title = (
    <>
      B · rollout #{rollout.id} <OutcomeBadge success={rollout.success} reason={rollout.reason} /> <span className="muted">{describeRollout(rollout)}</span>
    </>
  );
  return <Follower episode={episode} leader={leader} mediaUrl={mediaUrl} title={title} record={record} layers={layers} />;
}

function CompareEpisode({ id, leader, mediaUrl }: ComparePaneProps & { id: number }) {
  const loaded = useEpisode(id);
  if (loaded.status !== 'ready') return <Pending loaded={loaded} what={`episode ${id}`} />;
  const episode: EpisodeDetail = loaded.value;
  const title = (
    <>
      B · demonstration: episode {episode.index} <span className="muted">{episode.datasetName} · {episode.length} frames</span>
    </>
  );
  return <Follower episode={episode} leader={leader} mediaUrl={mediaUrl} title={title} />;
}

function Follower({ episode, leader, mediaUrl, title, record, layers }: {
  episode: PlayableEpisode;
  leader: PlayerStoreApi;
  mediaUrl(p: string): string;
  title: ReactNode;
  record?: RolloutRecord;
  layers?: OverlayLayers;
}) {
  const store = useMemo(() => createPlayerStore(), []);
  const bound = usePlayerControls(store, episode, mediaUrl);
  useEffect(() => followClock(leader, store), [leader, store]);
  const { player } = bound;
  const leaderStep = usePlayerStore((s) => s.currentFrame, leader);
  const overlay = useRolloutOverlay(record ?? null, player.currentFrame, layers ?? NO_LAYERS);
  const ended = player.length > 0 && leaderStep > player.length - 1;
  return (
    <>
      <div className="rollout-player__pane-title">
        {title}
        {ended && <span className="rollout-player__ended">ended at step {player.length - 1}</span>}
      </div>
      <EpisodePlayerView {...bound} overlay={overlay} controls={false} />
    </>
  );
}

const NO_LAYERS: OverlayLayers = { predicted: false, future: false, truth: false, path: false };

function Pending({ loaded, what }: { loaded: { status: 'loading' } | { status: 'error'; error: unknown }; what: string }) {
  if (loaded.status === 'loading') return <div className="rollout-player__pending muted">Loading {what}…</div>;
  return <ErrorNotice error={toErrorView(loaded.error, `Cannot open ${what}`)} />;
}
