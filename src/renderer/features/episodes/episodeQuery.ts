import type { EpisodeQuery, ReviewStatus } from '../../../shared/contract/domain';

/** What the filter bar holds; turned into an `episodes.list` query per page. */
export interface EpisodeFilters {
  datasetId?: number;
  search: string;
  task?: string;
  reviewStatus?: ReviewStatus;
  hasAnnotations?: boolean;
  sort: 'index' | 'length' | 'instruction';
  descending: boolean;
}

export const DEFAULT_FILTERS: EpisodeFilters = { search: '', sort: 'index', descending: false };

export const PAGE_SIZE = 200;

/** Empty fields are left out, so "no filter" and "filter on empty text" are the same query. */
export function toQuery(filters: EpisodeFilters, offset: number, limit = PAGE_SIZE): EpisodeQuery {
  const search = filters.search.trim().replace(/\s+/g, ' ');
  return {
    ...(filters.datasetId !== undefined ? { datasetId: filters.datasetId } : {}),
    ...(search ? { search } : {}),
    ...(filters.task ? { task: filters.task } : {}),
    ...(filters.reviewStatus ? { reviewStatus: filters.reviewStatus } : {}),
    ...(filters.hasAnnotations !== undefined ? { hasAnnotations: filters.hasAnnotations } : {}),
    sort: filters.sort,
    descending: filters.descending,
    offset,
    limit,
  };
}

/** Two filter states that produce the same query must not refetch. */
export function sameQuery(a: EpisodeFilters, b: EpisodeFilters): boolean {
  return JSON.stringify(toQuery(a, 0)) === JSON.stringify(toQuery(b, 0));
}

/** Pages covering rows [start, end], inclusive; a virtual list asks for its visible range plus overscan. */
export function pagesFor(start: number, end: number, pageSize = PAGE_SIZE): number[] {
  if (end < start) return [];
  const first = Math.floor(Math.max(0, start) / pageSize);
  const last = Math.floor(Math.max(0, end) / pageSize);
  const out: number[] = [];
  for (let p = first; p <= last; p++) out.push(p);
  return out;
}

/** How many filters narrow the list, for the "n filters" hint and the clear button. */
export function activeFilterCount(filters: EpisodeFilters): number {
  return [filters.search.trim(), filters.task, filters.reviewStatus, filters.hasAnnotations].filter(
    (v) => v !== undefined && v !== '',
  ).length;
}
