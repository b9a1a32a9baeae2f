import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract/domain';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { useHotkeys } from '../../components/hotkeys';
import { getStudioClient } from '../../platform/client';
import { mediaUrl } from '../../platform/media';
import { DatasetListView } from './DatasetListView';
import { DatasetWarningsDialog } from './DatasetWarningsDialog';
import { activeFilterCount } from './episodeQuery';
import { EpisodeFiltersView } from './EpisodeFiltersView';
import { EpisodeListView } from './EpisodeListView';
import { datasetsStore, episodeListStore, useDatasets, useEpisodeList } from './stores';
import './EpisodeSidebar.css';

const SEARCH_DEBOUNCE_MS = 180;

/** The left column: datasets, filters and the episode list, wired to the stores and the backend's events. */
export function EpisodeSidebar({ preparingSample = false }: { preparingSample?: boolean }) {
  const datasets = useDatasets((s) => s.datasets);
  const tasks = useDatasets((s) => s.tasks);
  const filters = useEpisodeList((s) => s.filters);
  const total = useEpisodeList((s) => s.total);
  const rows = useEpisodeList((s) => s.rows);
  const loading = useEpisodeList((s) => s.loading);
  const error = useEpisodeList((s) => s.error);
  const selectedId = useEpisodeList((s) => s.selectedId);
  const [searchText, setSearchText] = useState(filters.search);
  const searchRef = useRef<HTMLInputElement>(null);
  const [warningsOf, setWarningsOf] = useState<DatasetSummary | null>(null);

  useEffect(() => {
    const refresh = () => {
      void datasetsStore.getState().load();
      void datasetsStore.getState().loadTasks(episodeListStore.getState().filters.datasetId);
      episodeListStore.getState().reload();
    };
    refresh();
    const client = getStudioClient();
    // A status set in another window, or the first annotation of a todo episode, patches the badge in place.
    const offReview = client.on('episodes.reviewChanged', ({ id, status }) => episodeListStore.getState().patchReview(id, status));
    const offProject = client.on('project.changed', ({ reason }) => {
      // Another project: its ids mean other episodes, so selection and dataset filter start over.
      if (reason === 'open') {
        episodeListStore.getState().select(null);
        episodeListStore.getState().setFilters({ datasetId: undefined, task: undefined });
      }
      refresh();
    });
    return () => {
      offReview();
      offProject();
    };
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => episodeListStore.getState().setFilters({ search: searchText }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  // Open the first episode once there is one, so a new user lands on a playing episode, not a blank pane.
  useEffect(() => {
    const first = rows[0];
    if (selectedId === null && first) episodeListStore.getState().select(first.id);
  }, [rows, selectedId]);

  useHotkeys((e) => {
    if (e.key === '/') {
      searchRef.current?.focus();
      searchRef.current?.select();
      return true;
    }
    if (e.key === 'j' || e.key === 'k') {
      void episodeListStore.getState().step(e.key === 'j' ? 1 : -1);
      return true;
    }
    return false;
  });

  const selectedIndex = useMemo(() => {
    const hit = Object.entries(rows).find(([, r]) => r.id === selectedId);
    return hit ? Number(hit[0]) : -1;
  }, [rows, selectedId]);
  const names = useMemo(() => new Map(datasets.map((d) => [d.id, d.name])), [datasets]);
  const rowAt = useCallback((i: number) => rows[i], [rows]);
  const onRangeChange = useCallback((a: number, b: number) => episodeListStore.getState().ensureRange(a, b), []);
  const thumbUrl = useCallback((id: number) => mediaUrl(`thumb/${id}`), []);
  const datasetName = useCallback((id: number) => (filters.datasetId === undefined && datasets.length > 1 ? names.get(id) : undefined), [filters.datasetId, datasets.length, names]);
  const narrowed = activeFilterCount(filters);

  return (
    <aside className="sidebar">
      <section className="sidebar__section sidebar__datasets">
        <h3 className="sidebar__heading">Datasets</h3>
        <DatasetListView
          datasets={datasets}
          selectedId={filters.datasetId}
          onSelect={(datasetId) => {
            episodeListStore.getState().setFilters({ datasetId, task: undefined });
            void datasetsStore.getState().loadTasks(datasetId);
          }}
          onShowWarnings={setWarningsOf}
        />
      </section>
      <section className="sidebar__section sidebar__episodes">
        <EpisodeFiltersView
          filters={filters}
          searchText={searchText}
          tasks={tasks}
          searchRef={searchRef}
          onSearchText={setSearchText}
          onChange={(patch) => episodeListStore.getState().setFilters(patch)}
        />
        <div className="sidebar__count" aria-live="polite">
          <span className="mono" data-testid="episode-count">{formatCount(total)}</span>
          <span>{total === 1 ? 'episode' : 'episodes'}</span>
          {narrowed > 0 && <span className="muted">· {narrowed} filter{narrowed === 1 ? '' : 's'}</span>}
          {loading && <span className="sidebar__spinner" aria-label="loading" />}
          <span className="sidebar__spacer" />
          {narrowed > 0 && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setSearchText('');
                episodeListStore.getState().clearFilters();
              }}
            >
              Clear
            </Button>
          )}
        </div>
        {error ? <ErrorNotice error={toErrorView(error, 'Could not load episodes')} /> : null}
        {total === 0 && !loading && !error ? (
          <EmptyState title={narrowed > 0 ? 'No episode matches' : preparingSample ? 'Recording the sample episodes…' : 'No episodes yet'}>
            {narrowed > 0
              ? 'Loosen a filter or clear the search.'
              : preparingSample
                ? 'They appear here as soon as the sample project is built.'
                : 'Import a LeRobot dataset (press I) to see its episodes here.'}
          </EmptyState>
        ) : (
          <EpisodeListView
            total={total}
            rowAt={rowAt}
            selectedId={selectedId}
            selectedIndex={selectedIndex}
            onSelect={(id) => episodeListStore.getState().select(id)}
            onRangeChange={onRangeChange}
            thumbUrl={thumbUrl}
            datasetName={datasetName}
          />
        )}
      </section>
      <DatasetWarningsDialog dataset={warningsOf} onClose={() => setWarningsOf(null)} />
    </aside>
  );
}
