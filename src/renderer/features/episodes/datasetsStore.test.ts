import { describe, expect, it } from 'vitest';
import { createDatasetsStore, distinctInstructions } from './datasetsStore';

describe('distinctInstructions', () => {
  it('orders by frequency then text and drops empties', () => {
    expect(distinctInstructions(['b', 'a', 'b', '', 'c', 'a', 'b'])).toEqual(['b', 'a', 'c']);
  });
});

describe('datasets store', () => {
  it('keeps the error of a failed load and marks loaded', async () => {
    const store = createDatasetsStore(() => ({
      call: async () => {
        throw new Error('no project');
      },
    }) as never);
    await store.getState().load();
    expect(store.getState().loaded).toBe(true);
    expect(String(store.getState().error)).toContain('no project');
  });
  it('keeps only the latest task answer', async () => {
    let resolveFirst: (v: unknown) => void = () => {};
    const answers = [
      new Promise((r) => { resolveFirst = r; }),
      Promise.resolve({ total: 1, rows: [{ instruction: 'second' }] }),
    ];
    const store = createDatasetsStore(() => ({ call: () => answers.shift() }) as never);
    const first = store.getState().loadTasks(1);
    await store.getState().loadTasks(2);
    resolveFirst({ total: 1, rows: [{ instruction: 'first' }] });
    await first;
    expect(store.getState().tasks).toEqual(['second']);
  });
});
