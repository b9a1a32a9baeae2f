import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { DatasetSummary } from '../../../shared/contract/domain';

export interface DatasetsState {
  datasets: DatasetSummary[];
  loaded: boolean;
  error: unknown;
  /** Task filter choices for the dataset filter in force (all datasets when none). */
  tasks: string[];
  load(): Promise<void>;
  loadTasks(datasetId: number | undefined): Promise<void>;
}

/** How many rows the task choices are read from; a cap, because the contract lists no tasks yet. */
export const TASK_SCAN_LIMIT = 5000;

/** Distinct instructions, most frequent first, then alphabetical, so the common tasks are on top. */
export function distinctInstructions(instructions: string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of instructions) if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

export function createDatasetsStore(getClient: () => Pick<StudioClient, 'call'>) {
  let taskRequest = 0;
  return createStore<DatasetsState>()((set) => ({
    datasets: [],
    loaded: false,
    error: null,
    tasks: [],
    async load() {
      try {
        const datasets = await getClient().call('datasets.list', {});
        set({ datasets, loaded: true, error: null });
      } catch (error) {
        set({ error, loaded: true });
      }
    },
    async loadTasks(datasetId) {
      const request = ++taskRequest;
      try {
        const page = await getClient().call('episodes.list', {
          ...(datasetId !== undefined ? { datasetId } : {}),
          sort: 'instruction',
          limit: TASK_SCAN_LIMIT,
        });
        if (request === taskRequest) set({ tasks: distinctInstructions(page.rows.map((r) => r.instruction)) });
      } catch {
        // The task filter is a convenience; without it the list and search still work.
        if (request === taskRequest) set({ tasks: [] });
      }
    },
  }));
}
