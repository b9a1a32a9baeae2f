import { describe, expect, it } from 'vitest';
import type { Comment } from '../../../../shared/contract/domain';
import { CommentsModel, inFrameOrder, relativeTime } from './comments';

const note = (id: number, frame: number, createdAt = id, episodeId = 7): Comment => ({
  id, episodeId, frame, camera: null, text: `note ${id}`, author: 'ana', createdAt,
});

/** A backend holding comments in memory, with a switch to refuse the next call. */
function fakeBackend(initial: Comment[]) {
  const stored = [...initial];
  const listeners: ((p: { episodeId: number }) => void)[] = [];
  let refuse: string | null = null;
  let nextId = 100;
  const client = {
    async call(method: string, input: any) {
      if (refuse) {
        const message = refuse;
        refuse = null;
        throw new Error(message);
      }
      if (method === 'comments.list') return stored.filter((c) => c.episodeId === input.episodeId);
      if (method === 'comments.add') {
        const c: Comment = { id: nextId++, episodeId: input.episodeId, frame: input.frame, camera: input.camera ?? null, text: input.text, author: 'me', createdAt: 5 };
        stored.push(c);
        return c;
      }
      if (method === 'comments.delete') {
        stored.splice(stored.findIndex((c) => c.id === input.id), 1);
        return { id: input.id };
      }
      throw new Error(`unexpected ${method}`);
    },
    on(_event: string, listener: (p: { episodeId: number }) => void) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  return {
    client: client as never,
    stored,
    refuseNext: (message: string) => (refuse = message),
    emit: (episodeId: number) => listeners.forEach((l) => l({ episodeId })),
    listeners,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('comments of an episode', () => {
  it('orders by frame, then by time', () => {
    expect(inFrameOrder([note(1, 9), note(2, 3, 50), note(3, 3, 10)]).map((c) => c.id)).toEqual([3, 2, 1]);
  });

  it('tells times relative to now', () => {
    const now = Date.UTC(2026, 10, 24, 12);
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(relativeTime(Date.UTC(2026, 0, 2), now)).toBe('2026-01-02');
    expect(relativeTime(now + 5000, now)).toBe('just now');
  });

  it('loads, adds in frame order, deletes, and reloads when another window changes this episode', async () => {
    const backend = fakeBackend([note(1, 8), note(2, 2), note(3, 1, 1, 8)]);
    const model = new CommentsModel(backend.client, 7);
    let renders = 0;
    model.subscribe(() => renders++);
    const stop = model.start();
    await settle();
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([2, 1]);
    expect(await model.add(4, 'gripper slips', 'wrist')).toBe(true);
    expect(model.snapshot.comments.map((c) => [c.frame, c.camera])).toEqual([[2, null], [4, 'wrist'], [8, null]]);
    await model.remove(2);
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([100, 1]);

    backend.stored.push(note(50, 0));
    backend.emit(8);
    await settle();
    expect(model.snapshot.comments).toHaveLength(2);
    backend.emit(7);
    await settle();
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([50, 100, 1]);
    expect(renders).toBeGreaterThan(0);
    stop();
    expect(backend.listeners).toHaveLength(0);
  });

  it('keeps the list and reports the error when an add or a delete is refused', async () => {
    const backend = fakeBackend([note(1, 8)]);
    const model = new CommentsModel(backend.client, 7);
    await model.load();
    backend.refuseNext('frame 99 is beyond the episode');
    expect(await model.add(99, 'late', null)).toBe(false);
    expect(model.snapshot).toMatchObject({ adding: false, failed: 'add', error: expect.objectContaining({ message: 'frame 99 is beyond the episode' }) });
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([1]);
    backend.refuseNext('no comment with id 1 (deleted elsewhere?)');
    await model.remove(1);
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([1]);
    expect(model.snapshot.deleting).toEqual([]);
    expect((model.snapshot.error as Error).message).toMatch(/deleted elsewhere/);
    expect(model.snapshot.failed).toBe('delete');
    model.clearError();
    expect(model.snapshot.error).toBeNull();
  });

  it('drops a slow answer to an older load', async () => {
    const answers: ((c: Comment[]) => void)[] = [];
    const client = { call: () => new Promise<Comment[]>((resolve) => answers.push(resolve)), on: () => () => {} };
    const model = new CommentsModel(client as never, 7);
    const first = model.load();
    const second = model.load();
    answers[1]!([note(2, 1), note(1, 8)]);
    answers[0]!([note(1, 8)]);
    await Promise.all([first, second]);
    expect(model.snapshot.comments.map((c) => c.id)).toEqual([2, 1]);
  });
});
