import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { EpisodeRow, ReviewStatus } from '../../../shared/contract/domain';
import { DEFAULT_FILTERS, PAGE_SIZE, pagesFor, sameQuery, toQuery, type EpisodeFilters } from './episodeQuery';

export interface EpisodeListState {
  filters: EpisodeFilters;
  /** Rows matching the filters, known or not; the list is sized by this. */
  total: number;
  /** Sparse: row i of the current query, once its page has arrived. */
  rows: Record<number, EpisodeRow>;
  loading: boolean;
  error: unknown;
  selectedId: number | null;
  /** Bumped on every new query so that a slow answer to an old one is dropped. */
  generation: number;
}

export interface EpisodeListActions {
  setFilters(patch: Partial<EpisodeFilters>): void;
  clearFilters(): void;
  /** Loads the pages covering rows [start, end]; the virtual list calls this as it scrolls. */
  ensureRange(start: number, end: number): void;
  /** Refetches what is loaded, keeping filters and selection (after an import or a review elsewhere). */
  reload(): void;
  select(id: number | null): void;
  /** Moves the selection by `delta` rows, loading the page if needed. Returns the new id. */
  step(delta: number): Promise<number | null>;
  setReview(id: number, status: ReviewStatus): Promise<void>;
  /** Shows a status set elsewhere (another window, or the first annotation of a todo episode). */
  patchReview(id: number, status: ReviewStatus): void;
}

export type EpisodeListStore = ReturnType<typeof createEpisodeListStore>;

type Client = Pick<StudioClient, 'call'>;

export function createEpisodeListStore(getClient: () => Client) {
  const inflight = new Map<number, Promise<void>>();

  const store = createStore<EpisodeListState & EpisodeListActions>()((set, get) => {
    const loadPage = (page: number): Promise<void> => {
      const existing = inflight.get(page);
      if (existing) return existing;
      const { filters, generation } = get();
      set({ loading: true });
      const request = getClient()
        .call('episodes.list', toQuery(filters, page * PAGE_SIZE))
        .then((result) => {
          if (get().generation !== generation) return;
          const rows = { ...get().rows };
          result.rows.forEach((row, i) => {
            rows[page * PAGE_SIZE + i] = row;
          });
          set({ rows, total: result.total, error: null });
        })
        .catch((error: unknown) => {
          if (get().generation === generation) set({ error });
        })
        .finally(() => {
          inflight.delete(page);
          if (get().generation === generation) set({ loading: inflight.size > 0 });
        });
      inflight.set(page, request);
      return request;
    };

    const restart = (filters: EpisodeFilters, keepRows: boolean) => {
      inflight.clear();
      set((s) => ({ filters, generation: s.generation + 1, ...(keepRows ? {} : { rows: {}, total: 0 }) }));
      return loadPage(0);
    };

    return {
      filters: DEFAULT_FILTERS,
      total: 0,
      rows: {},
      loading: false,
      error: null,
      selectedId: null,
      generation: 0,

      setFilters(patch) {
        const next = { ...get().filters, ...patch };
        if (sameQuery(next, get().filters)) {
          set({ filters: next });
          return;
        }
        void restart(next, false);
      },
      clearFilters() {
        const { datasetId, sort, descending } = get().filters;
        get().setFilters({ ...DEFAULT_FILTERS, datasetId, sort, descending, task: undefined, reviewStatus: undefined, hasAnnotations: undefined });
      },
      ensureRange(start, end) {
        const { rows, total } = get();
        const last = Math.min(end, Math.max(total - 1, 0));
        for (const page of pagesFor(start, last)) {
          const first = page * PAGE_SIZE;
          if (!rows[first] && !inflight.has(page)) void loadPage(page);
        }
      },
      reload() {
        const loadedPages = new Set(Object.keys(get().rows).map((i) => Math.floor(Number(i) / PAGE_SIZE)));
        void restart(get().filters, true).then(() => {
          for (const page of loadedPages) if (page > 0) void loadPage(page);
        });
      },
      select(id) {
        set({ selectedId: id });
      },
      async step(delta) {
        const { rows, selectedId, total } = get();
        if (total === 0) return null;
        const current = Object.entries(rows).find(([, r]) => r.id === selectedId);
        const index = current ? Number(current[0]) : -1;
        const target = Math.max(0, Math.min(total - 1, index + delta));
        if (!get().rows[target]) await loadPage(Math.floor(target / PAGE_SIZE));
        const row = get().rows[target];
        if (row) set({ selectedId: row.id });
        return row?.id ?? null;
      },
      patchReview(id, status) {
        const { rows } = get();
        const at = Object.keys(rows).find((i) => rows[Number(i)]!.id === id);
        if (at === undefined || rows[Number(at)]!.reviewStatus === status) return;
        set({ rows: { ...rows, [at]: { ...rows[Number(at)]!, reviewStatus: status } } });
      },
      async setReview(id, status) {
        const patchRow = (s: ReviewStatus) => get().patchReview(id, s);
        const before = Object.values(get().rows).find((r) => r.id === id)?.reviewStatus;
        // Optimistic: the badge changes on the key press, and the row stays put even if it no longer
        // matches a status filter, so a reviewer's list does not jump under them.
        patchRow(status);
        try {
          await getClient().call('episodes.setReview', { id, status });
        } catch (error) {
          // The caller shows the failure where the key was pressed; the list itself is still fine.
          if (before) patchRow(before);
          throw error;
        }
      },
    };
  });
  return store;
}
