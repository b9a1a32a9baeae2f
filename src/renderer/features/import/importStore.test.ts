import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/contract/domain';
import { ApiError } from '../../../shared/contract/errors';
import { createImportStore, looksLikeLeRobot, newJobId, parentPath, sortEntries } from './importStore';

const summary = {
  id: 1, name: 'gr1', format: 'lerobot', formatVersion: 'v2.0', sourcePath: '/data/gr1', fps: 20, episodeCount: 5,
  frameCount: 2096, cameras: ['ego_view'], warnings: ['camera egoview has no files'], importedAt: '2026-01-01T00:00:00Z',
};

function fakeClient(outcome: 'ok' | 'fail') {
  const listeners = new Set<(p: JobProgress) => void>();
  const seen: unknown[] = [];
  return {
    seen,
    listenerCount: () => listeners.size,
    on: (_event: string, fn: (p: JobProgress) => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    call: async (_method: string, input: { jobId: string }) => {
      seen.push(input);
      for (const fn of listeners) {
        fn({ jobId: 'someone-else', kind: 'import', phase: 'x', done: 9, total: 10, finished: false });
        fn({ jobId: input.jobId, kind: 'import', phase: 'episodes', done: 3, total: 5, finished: false });
      }
      if (outcome === 'fail') throw new ApiError('bad_request', 'meta/info.json: field "fps" must be a number', { file: 'meta/info.json', field: 'fps' });
      return summary;
    },
  };
}

describe('import store', () => {
  it('runs an import, follows only its own job and ends with the summary', async () => {
    const client = fakeClient('ok');
    const store = createImportStore(() => client as never);
    store.getState().setPath('  /data/gr1 ');
    store.getState().setCopyMedia(true);
    await store.getState().start();
    const s = store.getState();
    expect(s.phase).toBe('done');
    expect(s.result?.warnings).toHaveLength(1);
    expect(s.progress).toMatchObject({ done: 3, total: 5 });
    expect(client.seen[0]).toMatchObject({ path: '/data/gr1', copyMedia: true });
    expect(client.listenerCount()).toBe(0);
  });

  it('keeps the form and the typed error when the import fails', async () => {
    const client = fakeClient('fail');
    const store = createImportStore(() => client as never);
    store.getState().setPath('/data/broken');
    await store.getState().start();
    const s = store.getState();
    expect(s.phase).toBe('failed');
    expect(s.path).toBe('/data/broken');
    expect((s.error as ApiError).code).toBe('bad_request');
    s.again();
    expect(store.getState()).toMatchObject({ phase: 'editing', path: '/data/broken', error: null });
  });

  it('does nothing without a path', async () => {
    const client = fakeClient('ok');
    const store = createImportStore(() => client as never);
    await store.getState().start();
    expect(client.seen).toHaveLength(0);
    expect(store.getState().phase).toBe('editing');
  });
});

describe('helpers', () => {
  it('gives unique job ids', () => {
    expect(newJobId(1)).not.toBe(newJobId(1));
  });
  it('recognises a LeRobot root', () => {
    const entry = (name: string, isDir = true) => ({ name, path: `/x/${name}`, isDir });
    expect(looksLikeLeRobot({ path: '/x', parent: '/', entries: [entry('meta'), entry('data'), entry('README.md', false)] })).toBe(true);
    expect(looksLikeLeRobot({ path: '/x', parent: '/', entries: [entry('meta')] })).toBe(false);
    expect(looksLikeLeRobot(null)).toBe(false);
  });
  it('sorts folders first, hidden last, numbers naturally', () => {
    const e = (name: string, isDir: boolean) => ({ name, path: name, isDir });
    expect(sortEntries([e('b.txt', false), e('.git', true), e('ep10', true), e('ep2', true)]).map((x) => x.name)).toEqual([
      'ep2', 'ep10', '.git', 'b.txt',
    ]);
  });
  it('walks up a path', () => {
    expect(parentPath('/data/gr1/')).toBe('/data');
    expect(parentPath('/data')).toBe('/');
    expect(parentPath('/')).toBeUndefined();
    expect(parentPath('C:\\data\\gr1')).toBe('C:\\data');
  });
});
