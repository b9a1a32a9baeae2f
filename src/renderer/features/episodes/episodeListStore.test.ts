import { describe, expect, it, vi } from 'vitest';
import type { EpisodeQuery, EpisodeRow } from '../../../shared/contract/domain';
import { ApiError } from '../../../shared/contract/errors';
import { createEpisodeListStore } from './episodeListStore';

function row(i: number): EpisodeRow {
  return { id: i + 1, datasetId: 1, index: i, instruction: `task ${i}`, length: 100, fps: 20, reviewStatus: 'todo', annotationCount: 0 };
}

function fakeClient(total: number) {
  const calls: { method: string; input: unknown }[] = [];
  let failReview = false;
  const client = {
    calls,
    failNextReview() {
      failReview = true;
    },
    call: vi.fn(async (method: string, input: unknown) => {
      calls.push({ method, input });
      if (method === 'episodes.list') {
        const q = input as Required<Pick<EpisodeQuery, 'offset' | 'limit'>> & EpisodeQuery;
        const all = Array.from({ length: total }, (_, i) => row(i)).filter((r) => !q.search || r.instruction.includes(q.search));
        return { total: all.length, rows: all.slice(q.offset, q.offset + q.limit) };
      }
      if (method === 'episodes.setReview') {
        if (failReview) {
          failReview = false;
          throw new ApiError('not_found', 'episode 3 does not exist');
        }
        return input;
      }
      throw new Error(`unexpected ${method}`);
    }),
  };
  return client;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('episode list store', () => {
  it('loads the first page on a filter change and pages on demand', async () => {
    const client = fakeClient(450);
    const store = createEpisodeListStore(() => client as never);
    store.getState().setFilters({ search: '' , sort: 'length' });
    await flush();
    expect(store.getState().total).toBe(450);
    expect(Object.keys(store.getState().rows)).toHaveLength(200);
    store.getState().ensureRange(180, 420);
    await flush();
    expect(Object.keys(store.getState().rows)).toHaveLength(450);
    const offsets = client.calls.map((c) => (c.input as { offset: number }).offset);
    expect(offsets).toEqual([0, 200, 400]);
  });

  it('drops answers to a query that was replaced', async () => {
    const client = fakeClient(50);
    const store = createEpisodeListStore(() => client as never);
    store.getState().setFilters({ search: 'task 1' });
    store.getState().setFilters({ search: 'task 4' });
    await flush();
    const rows = Object.values(store.getState().rows);
    expect(rows.every((r) => r.instruction.includes('task 4'))).toBe(true);
    expect(store.getState().total).toBe(rows.length);
  });

  it('does not refetch for an equivalent query', async () => {
    const client = fakeClient(10);
    const store = createEpisodeListStore(() => client as never);
    store.getState().setFilters({ search: 'task' });
    await flush();
    store.getState().setFilters({ search: ' task ' });
    await flush();
    expect(client.calls).toHaveLength(1);
  });

  it('steps the selection across rows and clamps at the ends', async () => {
    const client = fakeClient(3);
    const store = createEpisodeListStore(() => client as never);
    store.getState().reload();
    await flush();
    expect(await store.getState().step(1)).toBe(1);
    expect(await store.getState().step(1)).toBe(2);
    expect(await store.getState().step(5)).toBe(3);
    expect(await store.getState().step(-1)).toBe(2);
  });

  it('sets a review optimistically and rolls back on failure', async () => {
    const client = fakeClient(5);
    const store = createEpisodeListStore(() => client as never);
    store.getState().reload();
    await flush();
    await store.getState().setReview(2, 'done');
    expect(store.getState().rows[1]?.reviewStatus).toBe('done');
    client.failNextReview();
    await expect(store.getState().setReview(3, 'rejected')).rejects.toThrow('does not exist');
    expect(store.getState().rows[2]?.reviewStatus).toBe('todo');
    expect(store.getState().error).toBeNull();
  });

  it('patches the badge of a status set elsewhere without a refetch, and ignores episodes it has not loaded', async () => {
    const client = fakeClient(5);
    const store = createEpisodeListStore(() => client as never);
    store.getState().reload();
    await flush();
    const before = store.getState().rows;
    store.getState().patchReview(4, 'in_progress');
    expect(store.getState().rows[3]?.reviewStatus).toBe('in_progress');
    expect(store.getState().rows[2]).toBe(before[2]);
    store.getState().patchReview(99, 'done');
    expect(Object.values(store.getState().rows).map((r) => r.reviewStatus)).toEqual(['todo', 'todo', 'todo', 'in_progress', 'todo']);
    expect(client.calls.filter((c) => c.method === 'episodes.list')).toHaveLength(1);
  });

  it('reload keeps rows visible while it refetches', async () => {
    const client = fakeClient(5);
    const store = createEpisodeListStore(() => client as never);
    store.getState().reload();
    await flush();
    store.getState().reload();
    expect(Object.keys(store.getState().rows)).toHaveLength(5);
    await flush();
    expect(client.calls.filter((c) => c.method === 'episodes.list')).toHaveLength(2);
  });
});
