import { createDispatcher, type Handlers } from '../../src/core/api/dispatch';
import { EventBus } from '../../src/core/api/events';
import type { Studio } from '../../src/core/api/studio';
import { METHOD_NAMES } from '../../src/shared/contract/api';

export interface FakeStudio extends Studio {
  /** Emits contract events as the backend would. */
  bus: EventBus;
  /** Media paths the fake resolves, to absolute files. */
  media: Map<string, string>;
  closed: boolean;
}

const project = { dir: '/projects/demo', name: 'demo', schemaVersion: 1, datasetCount: 0, episodeCount: 0 };

/**
 * Small fake handlers for every contract method: enough for shells and the dispatcher to be tested
 * with the real validation.
 */
export function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = (): never => {
    throw new Error('not used by the fake studio');
  };
  // Every method the tests below do not need answers "not used", so a new contract method needs no stub.
  const all = Object.fromEntries(METHOD_NAMES.map((name) => [name, unused])) as unknown as Handlers;
  return {
    ...all,
    'app.info': () => ({ version: '0.0.0-test', shell: 'web', project, preparingSample: false }),
    'project.open': ({ dir }) => ({ ...project, dir }),
    'datasets.list': () => [],
    'episodes.list': () => ({ total: 0, rows: [] }),
    'episodes.setReview': (input) => input,
    'fs.list': ({ path }) => ({ path: path ?? '/', parent: null, entries: [] }),
    ...overrides,
  };
}

/**
 * A Studio for shell tests: the real dispatcher (so validation and typed errors are the real ones) over
 * small fake handlers (given as an object, or as a function of the event bus when they emit events).
 * Shells must not care which backend they carry.
 */
export function createFakeStudio(overrides: Partial<Handlers> | ((bus: EventBus) => Partial<Handlers>) = {}): FakeStudio {
  const bus = new EventBus();
  const media = new Map<string, string>();
  const handlers = fakeHandlers(typeof overrides === 'function' ? overrides(bus) : overrides);
  const studio: FakeStudio = {
    bus,
    media,
    closed: false,
    dispatch: createDispatcher(handlers),
    subscribe: (listener) => bus.subscribe(listener),
    resolveMedia: async (mediaPath) => media.get(mediaPath) ?? null,
    async close() {
      studio.closed = true;
    },
  };
  return studio;
}
