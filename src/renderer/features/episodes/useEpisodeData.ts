import { useEffect, useState } from 'react';
import type { EpisodeDetail, SignalData } from '../../../shared/contract/domain';
import { getStudioClient } from '../../platform/client';

export interface EpisodeData {
  /** The episode shown: the previous one until the next one's detail has arrived, so nothing flashes. */
  detail: EpisodeDetail | null;
  /** Signals with the id of the episode they belong to, which may lag `detail` for a moment. */
  signals: { episodeId: number; data: SignalData[] } | null;
  error: unknown;
  signalsError: unknown;
}

export interface EpisodeDataHandle extends EpisodeData {
  /** Fetches the detail again (after the backend changed its media, e.g. a transcode). */
  reload(): void;
}

const EMPTY: EpisodeData = { detail: null, signals: null, error: null, signalsError: null };

/**
 * The open episode and its signals. Detail comes first so the player can start while the (larger)
 * signals load; answers for an episode the user has already left are dropped.
 */
export function useEpisodeData(id: number | null): EpisodeDataHandle {
  const [data, setData] = useState<EpisodeData>(EMPTY);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (id === null) {
      setData(EMPTY);
      return;
    }
    setData((d) => ({ ...d, error: null, signalsError: null }));
    let live = true;
    const client = getStudioClient();
    client.call('episodes.get', { id }).then(
      (detail) => live && setData((d) => ({ ...d, detail })),
      (error: unknown) => live && setData((d) => ({ ...d, error })),
    );
    client.call('episodes.signals', { id }).then(
      (signals) => live && setData((d) => ({ ...d, signals: { episodeId: id, data: signals } })),
      (signalsError: unknown) => live && setData((d) => ({ ...d, signalsError })),
    );
    return () => {
      live = false;
    };
  }, [id, generation]);
  return { ...data, reload: () => setGeneration((g) => g + 1) };
}
