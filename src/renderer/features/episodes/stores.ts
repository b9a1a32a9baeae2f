import { useStore } from 'zustand';
import { getStudioClient } from '../../platform/client';
import { createDatasetsStore, type DatasetsState } from './datasetsStore';
import { createEpisodeListStore, type EpisodeListActions, type EpisodeListState } from './episodeListStore';

/** The feature's stores, bound to the platform's client. Tests build their own with fake clients. */
export const episodeListStore = createEpisodeListStore(getStudioClient);
export const datasetsStore = createDatasetsStore(getStudioClient);

export function useEpisodeList<T>(selector: (s: EpisodeListState & EpisodeListActions) => T): T {
  return useStore(episodeListStore, selector);
}

export function useDatasets<T>(selector: (s: DatasetsState) => T): T {
  return useStore(datasetsStore, selector);
}
