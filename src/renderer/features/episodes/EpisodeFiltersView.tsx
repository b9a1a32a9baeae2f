import type { RefObject } from 'react';
import { REVIEW_STATUSES, type ReviewStatus } from '../../../shared/contract/domain';
import { Kbd } from '../../components/Kbd';
import { REVIEW_META } from '../../components/reviewStatus';
import type { EpisodeFilters } from './episodeQuery';

export interface EpisodeFiltersViewProps {
  filters: EpisodeFilters;
  /** The search text as typed; the query follows it after a short pause. */
  searchText: string;
  tasks: string[];
  onSearchText(text: string): void;
  onChange(patch: Partial<EpisodeFilters>): void;
  searchRef?: RefObject<HTMLInputElement | null>;
}

const SORT_LABELS: Record<EpisodeFilters['sort'], string> = { index: 'Index', length: 'Length', instruction: 'Instruction' };

export function EpisodeFiltersView({ filters, searchText, tasks, onSearchText, onChange, searchRef }: EpisodeFiltersViewProps) {
  const annotations = filters.hasAnnotations === undefined ? 'any' : filters.hasAnnotations ? 'yes' : 'no';
  return (
    <div className="episode-filters">
      <div className="episode-filters__search">
        <input
          ref={searchRef}
          className="input"
          type="search"
          placeholder="Search instructions"
          aria-label="Search instructions"
          value={searchText}
          onChange={(e) => onSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              onSearchText('');
              e.currentTarget.blur();
            }
          }}
        />
        {!searchText && <Kbd>/</Kbd>}
      </div>
      <div className="episode-filters__row">
        <select
          className="select"
          aria-label="Review status"
          value={filters.reviewStatus ?? ''}
          onChange={(e) => onChange({ reviewStatus: (e.target.value || undefined) as ReviewStatus | undefined })}
        >
          <option value="">Any status</option>
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {REVIEW_META[s].label}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label="Annotations"
          value={annotations}
          onChange={(e) => onChange({ hasAnnotations: e.target.value === 'any' ? undefined : e.target.value === 'yes' })}
        >
          <option value="any">Any annotations</option>
          <option value="yes">Annotated</option>
          <option value="no">Not annotated</option>
        </select>
      </div>
      <div className="episode-filters__row">
        <select
          className="select episode-filters__task"
          aria-label="Task"
          value={filters.task ?? ''}
          title={filters.task}
          onChange={(e) => onChange({ task: e.target.value || undefined })}
        >
          <option value="">Any task</option>
          {filters.task && !tasks.includes(filters.task) && <option value={filters.task}>{filters.task}</option>}
          {tasks.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <div className="episode-filters__sort">
          <select
            className="select"
            aria-label="Sort by"
            value={filters.sort}
            onChange={(e) => onChange({ sort: e.target.value as EpisodeFilters['sort'] })}
          >
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn--sm episode-filters__dir"
            aria-label={filters.descending ? 'Descending' : 'Ascending'}
            title={filters.descending ? 'Descending' : 'Ascending'}
            onClick={() => onChange({ descending: !filters.descending })}
          >
            {filters.descending ? '↓' : '↑'}
          </button>
        </div>
      </div>
    </div>
  );
}
