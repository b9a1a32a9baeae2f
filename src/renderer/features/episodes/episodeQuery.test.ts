import { describe, expect, it } from 'vitest';
import { EpisodeQuery } from '../../../shared/contract/domain';
import { activeFilterCount, DEFAULT_FILTERS, pagesFor, sameQuery, toQuery } from './episodeQuery';

describe('toQuery', () => {
  it('leaves out empty filters and passes the page', () => {
    expect(toQuery(DEFAULT_FILTERS, 400)).toEqual({ sort: 'index', descending: false, offset: 400, limit: 200 });
  });
  it('normalises search whitespace and keeps every filter', () => {
    const q = toQuery(
      { datasetId: 2, search: '  pick   the pear ', task: 'valid', reviewStatus: 'rejected', hasAnnotations: false, sort: 'length', descending: true },
      0,
      50,
    );
    expect(q).toEqual({
      datasetId: 2, search: 'pick the pear', task: 'valid', reviewStatus: 'rejected', hasAnnotations: false,
      sort: 'length', descending: true, offset: 0, limit: 50,
    });
  });
  it('always produces a query the contract accepts', () => {
    const q = toQuery({ ...DEFAULT_FILTERS, search: 'x'.repeat(10) }, 0);
    expect(EpisodeQuery.safeParse(q).success).toBe(true);
  });
});

describe('sameQuery', () => {
  it('treats whitespace-only changes to search as no change', () => {
    expect(sameQuery({ ...DEFAULT_FILTERS, search: 'pear' }, { ...DEFAULT_FILTERS, search: ' pear  ' })).toBe(true);
    expect(sameQuery({ ...DEFAULT_FILTERS, search: 'pear' }, { ...DEFAULT_FILTERS, search: 'pea' })).toBe(false);
  });
});

describe('pagesFor', () => {
  it('covers an inclusive row range', () => {
    expect(pagesFor(0, 10)).toEqual([0]);
    expect(pagesFor(190, 410)).toEqual([0, 1, 2]);
    expect(pagesFor(5, 4)).toEqual([]);
  });
});

describe('activeFilterCount', () => {
  it('counts narrowing filters, not sort or dataset', () => {
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, datasetId: 1, search: ' ', sort: 'length' })).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, search: 'pear', hasAnnotations: false, reviewStatus: 'done' })).toBe(3);
  });
});
