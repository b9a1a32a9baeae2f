import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { createDispatcher, type Handlers } from './dispatch';
import { EventBus } from './events';
import { fakeHandlers } from '../../../test/fakes/fakeStudio';

/** The fake backend's handlers, with an episode list that echoes the page size it was given. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return fakeHandlers({ 'episodes.list': (q) => ({ total: q.limit, rows: [] }), ...overrides });
}

describe('createDispatcher', () => {
  it('applies the contract defaults before the handler sees the input', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch('episodes.list', {})).toEqual({ ok: true, result: { total: 200, rows: [] } });
  });

  it('answers a wrong payload with a bad_request that names the field', async () => {
    const dispatch = createDispatcher(handlers());
    const outcome = await dispatch('episodes.setReview', { id: 'seven', status: 'done' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('bad_request');
      expect(outcome.error.message).toContain('id');
    }
  });

  it('answers an unknown method with a bad_request, not a crash', async () => {
    const outcome = await createDispatcher(handlers())('drop.tables', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('passes typed errors through and wraps other failures as internal', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        'datasets.list': () => {
          throw new ApiError('no_project', 'open a project first');
        },
        'app.info': () => {
          throw new Error('disk on fire');
        },
      }),
      onInternal,
    );
    expect(await dispatch('datasets.list', {})).toMatchObject({ ok: false, error: { code: 'no_project' } });
    expect(await dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it('refuses a handler result that breaks the contract', async () => {
    const dispatch = createDispatcher(handlers({ 'datasets.list': () => [{ id: 'x' }] as never }));
    expect(await dispatch('datasets.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('EventBus', () => {
  it('delivers checked payloads until unsubscribed', () => {
    const bus = new EventBus();
    const seen: unknown[] = [];
    const off = bus.subscribe((event, payload) => seen.push([event, payload]));
    bus.emit('project.changed', { reason: 'import' });
    off();
    bus.emit('project.changed', { reason: 'again' });
    expect(seen).toEqual([['project.changed', { reason: 'import' }]]);
  });

  it('refuses a payload outside the contract', () => {
    const bus = new EventBus();
    expect(() => bus.emit('project.changed', {} as never)).toThrow();
  });
});
