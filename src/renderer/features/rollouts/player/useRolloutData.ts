import { useEffect, useState } from 'react';
import type { EpisodeDetail } from '../../../../shared/contract/domain';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import { getStudioClient } from '../../../platform/client';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; value: T };

/** Loads once per key; a late answer for a previous key is dropped. */
function useLoaded<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    setState({ key, loaded: { status: 'loading' } });
    load().then(
      (value) => live && setState({ key, loaded: { status: 'ready', value } }),
      (error: unknown) => live && setState({ key, loaded: { status: 'error', error } }),
    );
    return () => {
      live = false;
    };
    // `load` is a new closure each render; `key` is what names the thing it loads.
  }, [key]);
  return state.key === key ? state.loaded : { status: 'loading' };
}

export function useRollout(id: number): Loaded<{ rollout: RolloutSummary; record: RolloutRecord }> {
  return useLoaded(`rollout/${id}`, () => getStudioClient().call('rollouts.get', { id }));
}

/** The compared rollout when there is one; null (never loading) when there is none. */
export function useOptionalRollout(id: number | null): Loaded<{ rollout: RolloutSummary; record: RolloutRecord } | null> {
  return useLoaded(id === null ? 'none' : `rollout/${id}`, () => (id === null ? Promise.resolve(null) : getStudioClient().call('rollouts.get', { id })));
}

export function useEpisode(id: number): Loaded<EpisodeDetail> {
  return useLoaded(`episode/${id}`, () => getStudioClient().call('episodes.get', { id }));
}
