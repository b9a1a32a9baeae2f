import { useEffect, useMemo, useRef, useState } from 'react';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice, toErrorView } from '../../../components/ErrorNotice';
import type { FrameSource } from '../../../components/SignalPlot/SignalPlot';
import { createPlayerStore, subscribeCurrentFrame, usePlayerControls, type PlayerStoreApi } from '../../../playback';
import { usePlayerKeys } from '../../../playback/keyboard';
import { mediaUrl as platformMediaUrl } from '../../../platform/media';
import { rolloutAsEpisode } from './adapt';
import { ComparePane } from './ComparePane';
import { ComparePicker } from './ComparePicker';
import { targetKey, toCompareTarget, type CompareTarget } from './compareTarget';
import { rolloutPlayerPrefs, useRolloutPlayerPrefs } from './playerPrefs';
import { RolloutPlayerView } from './RolloutPlayerView';
import { useStepKeys } from './stepKeys';
import { useOptionalRollout, useRollout } from './useRolloutData';

export { RolloutPlayerView, type RolloutPlayerViewProps } from './RolloutPlayerView';
export type { CompareTarget } from './compareTarget';

export interface RolloutPlayerProps {
  rolloutId: number;
  /** The step shown first (e.g. a least-sure frame); 0 by default. */
  startStep?: number;
  /** Shown side by side on the same step: another rollout (by id) or a demonstration episode. */
  compareWith?: number | CompareTarget | null;
  /** Told when the user picks something else to compare with. */
  onCompareChange?(target: CompareTarget | null): void;
  /** Turns a camera's mediaPath into a URL; the platform's by default. */
  mediaUrl?(mediaPath: string): string;
  /** Whether the player's keys (Space, arrows, comma, period, Home/End) drive it; on by default. */
  keyboard?: boolean;
}

/**
 * The connected rollout player: loads the rollout and its record (rollouts.get), plays its cameras on a
 * clock of its own (never the episode player's), and draws overlays, plots and event markers from the record.
 */
export function RolloutPlayer({ rolloutId, startStep, compareWith, onCompareChange, mediaUrl = platformMediaUrl, keyboard = true }: RolloutPlayerProps) {
  const loaded = useRollout(rolloutId);
  if (loaded.status === 'loading') return <EmptyState title={`Loading rollout #${rolloutId}…`} />;
  if (loaded.status === 'error') return <ErrorNotice error={toErrorView(loaded.error, `Cannot open rollout #${rolloutId}`)} />;
  return (
    <LoadedRolloutPlayer
      key={rolloutId}
      {...loaded.value}
      startStep={startStep}
      compareWith={compareWith}
      onCompareChange={onCompareChange}
      mediaUrl={mediaUrl}
      keyboard={keyboard}
    />
  );
}

function LoadedRolloutPlayer(props: {
  rollout: RolloutSummary;
  record: RolloutRecord;
  startStep?: number;
  compareWith?: number | CompareTarget | null;
  onCompareChange?(target: CompareTarget | null): void;
  mediaUrl(mediaPath: string): string;
  keyboard: boolean;
}) {
  const { rollout, record, mediaUrl, startStep } = props;
  const store = useMemo(() => createPlayerStore(), []);
  const episode = useMemo(() => rolloutAsEpisode(rollout), [rollout]);
  const bound = usePlayerControls(store, episode, mediaUrl);
  const root = useRef<HTMLDivElement>(null);
  usePlayerKeys(store, props.keyboard, root);
  useStepKeys(store, props.keyboard, root);
  useStartStep(store, startStep);

  const frame = useMemo<FrameSource>(() => ({ get: () => store.getState().currentFrame, subscribe: (listener) => subscribeCurrentFrame(listener, store) }), [store]);
  const layers = useRolloutPlayerPrefs((s) => s.layers);
  const dims = useRolloutPlayerPrefs((s) => s.actionDims);
  const prefs = rolloutPlayerPrefs.getState();

  const given = toCompareTarget(props.compareWith);
  const [compare, setCompare] = useState<CompareTarget | null>(given);
  // A new choice from the caller replaces the user's; the same one again (a new object) does not.
  useEffect(() => setCompare(toCompareTarget(props.compareWith)), [targetKey(given)]);
  const comparedRollout = useOptionalRollout(compare?.kind === 'rollout' ? compare.id : null);
  const pick = (target: CompareTarget | null) => {
    setCompare(target);
    props.onCompareChange?.(target);
  };

  return (
    <div ref={root} className="rollout-player__root">
    <RolloutPlayerView
      {...bound}
      rollout={rollout}
      record={record}
      frame={frame}
      layers={layers}
      onToggleLayer={prefs.toggleLayer}
      actionDims={dims}
      onToggleDim={prefs.toggleDim}
      comparePicker={<ComparePicker rollout={rollout} value={compare} onChange={pick} />}
      compared={comparedRollout.status === 'ready' ? comparedRollout.value : null}
      compare={compare ? <ComparePane key={targetKey(compare)} target={compare} leader={store} layers={layers} mediaUrl={mediaUrl} /> : undefined}
    />
    </div>
  );
}

/** Seeks to `step` once the rollout's video is open (a seek before that has nothing to move). */
function useStartStep(store: PlayerStoreApi, step: number | undefined): void {
  useEffect(() => {
    if (!step) return;
    const go = () => store.getState().seek(step);
    if (store.getState().state === 'paused') {
      go();
      return;
    }
    return store.subscribe((s, p) => {
      if (p.state === 'loading' && s.state === 'paused') go();
    });
  }, [store, step]);
}
