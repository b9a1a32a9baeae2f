import { describe, expect, it } from 'vitest';
import type { Annotation as WireAnnotation, ApplyAnnotations, HistoryStep } from '../../../shared/contract/domain';
import { createAnnotation, moveAnnotation } from '../../editor/commands';
import { AnnotateSession, type SessionClient } from './session';

const stored = (id: string, x1: number, updatedAt: number): WireAnnotation => ({
  id,
  episodeId: 7,
  camera: 'top',
  kind: 'box',
  frameStart: 2,
  frameEnd: 2,
  isTrack: false,
  geometry: { x1, y1: 1, x2: x1 + 10, y2: 11 },
  labelId: null,
  query: null,
  source: 'manual',
  confidence: null,
  author: 'me',
  createdAt: 1,
  updatedAt,
});

/** A backend that answers from fixed data and records what it was asked. */
function fakeBackend() {
  const calls: Array<{ method: string; input: unknown }> = [];
  const events = new Map<string, (payload: unknown) => void>();
  const state = {
    list: [stored('a', 1, 100)],
    refuse: null as string | null,
    undo: { command: 'moveAnnotation', frame: 2, camera: 'top', annotations: [], deleted: [] } as HistoryStep | null,
  };
  const client = {
    async call(method: string, input: unknown) {
      calls.push({ method, input });
      if (method === 'annotations.list') return state.list;
      if (method === 'annotations.apply') {
        if (state.refuse) throw Object.assign(new Error(state.refuse), { code: 'bad_request' });
        const req = input as ApplyAnnotations;
        return { step: 1, annotations: req.changes.map((c) => stored(c.id!, 50, 200)), deleted: [] };
      }
      if (method === 'history.undo' || method === 'history.redo') return state.undo;
      if (method === 'history.state') return { canUndo: true, canRedo: false, undoCommand: 'moveAnnotation', redoCommand: null };
      throw new Error(`unexpected ${method}`);
    },
    on(event: string, listener: (payload: unknown) => void) {
      events.set(event, listener);
      return () => events.delete(event);
    },
  } as unknown as SessionClient;
  return { client, calls, events, state };
}

function started() {
  const backend = fakeBackend();
  const seeks: number[] = [];
  const session = new AnnotateSession({ client: backend.client, episodeId: 7, length: 20, clientId: 'w1', seek: (f) => seeks.push(f) });
  session.start();
  return { session, seeks, ...backend };
}

const box = { id: 'n', kind: 'box' as const, camera: 'top', labelId: null, frame: 2, geometry: { x1: 5, y1: 5, x2: 9, y2: 9 } };

describe('the annotation session', () => {
  it('loads the episode into the editor', async () => {
    const { session } = started();
    await session.settled();
    expect(session.status).toBe('ready');
    expect(session.editor.doc.get('a')?.updatedAt).toBe(100);
  });

  it('knows who stored each annotation and when, from the list and from each save, without another list call', async () => {
    const { session, calls } = started();
    await session.settled();
    expect(session.stored.get('a')).toEqual({ author: 'me', createdAt: 1, updatedAt: 100 });
    session.editor.run(createAnnotation, { annotation: box }, 2);
    session.flush('top');
    await session.settled();
    expect(session.stored.get('n')).toEqual({ author: 'me', createdAt: 1, updatedAt: 200 });
    expect(calls.filter((c) => c.method === 'annotations.list')).toHaveLength(1);
  });

  it('puts an edit on the wire at once when nothing is in flight, and after the calls before it otherwise', async () => {
    const { session, calls } = started();
    await session.settled();
    const before = calls.length;
    session.editor.run(createAnnotation, { annotation: box }, 2);
    session.flush('top');
    // No await: the request left with the flush, ahead of any render the edit triggers.
    expect(calls.slice(before).map((c) => c.method)).toEqual(['annotations.apply']);
    void session.reload();
    expect(calls.slice(before).map((c) => c.method)).toEqual(['annotations.apply']);
    await session.settled();
    expect(calls.slice(before).map((c) => c.method)).toEqual(['annotations.apply', 'history.state', 'annotations.list', 'history.state']);
  });

  it('sends each committed batch with its clientId and confirms it', async () => {
    const { session, calls } = started();
    await session.settled();
    session.editor.run(createAnnotation, { annotation: box }, 2);
    session.flush('top');
    expect(session.pending).toBe(1);
    await session.settled();
    const apply = calls.find((c) => c.method === 'annotations.apply')!.input as ApplyAnnotations;
    expect(apply).toMatchObject({ episodeId: 7, clientId: 'w1', camera: 'top', frame: 2, command: { name: 'createAnnotation' } });
    expect(session.pending).toBe(0);
    expect(session.error).toBeNull();
  });

  it('rolls a refused batch back and shows the backend’s reason', async () => {
    const { session, state } = started();
    await session.settled();
    state.refuse = 'changes.0: geometry.x2: outside the image';
    session.editor.run(createAnnotation, { annotation: box }, 2);
    session.flush('top');
    expect(session.editor.doc.has('n')).toBe(true);
    await session.settled();
    expect(session.editor.doc.has('n')).toBe(false);
    expect(session.error).toContain('outside the image');
  });

  it('sends the newest stored version as the base of a second edit', async () => {
    const { session, calls } = started();
    await session.settled();
    session.editor.run(moveAnnotation, { ids: ['a'], dx: 1, dy: 0, frame: 2 }, 2);
    session.flush('top');
    session.editor.run(moveAnnotation, { ids: ['a'], dx: 1, dy: 0, frame: 2 }, 2);
    session.flush('top');
    await session.settled();
    const bases = calls.filter((c) => c.method === 'annotations.apply').map((c) => (c.input as ApplyAnnotations).changes[0]);
    expect(bases.map((c) => (c as { baseUpdatedAt?: number }).baseUpdatedAt)).toEqual([100, 200]);
  });

  it('undoes on the backend, reloads, and seeks to the step’s frame', async () => {
    const { session, calls, seeks, state } = started();
    await session.settled();
    state.list = [stored('a', 3, 300)];
    await session.undo();
    expect(calls.map((c) => c.method).filter((m) => m !== 'history.state')).toEqual(['annotations.list', 'history.undo', 'annotations.list']);
    expect(session.history?.undoCommand).toBe('moveAnnotation');
    expect(session.editor.doc.get('a')?.geometry).toMatchObject({ x1: 3 });
    expect(seeks).toEqual([2]);
    state.undo = null;
    await session.redo();
    expect(session.note).toBe('Nothing to redo');
  });

  it('reloads on other windows’ changes and ignores its own echo', async () => {
    const { session, calls, events } = started();
    await session.settled();
    events.get('annotations.changed')!({ episodeId: 7, reason: 'apply', by: 'w1', ids: ['a'] });
    events.get('annotations.changed')!({ episodeId: 8, reason: 'apply', by: 'w2', ids: ['a'] });
    await session.settled();
    expect(calls.filter((c) => c.method === 'annotations.list')).toHaveLength(1);
    events.get('annotations.changed')!({ episodeId: 7, reason: 'apply', by: 'w2', ids: ['a'] });
    await session.settled();
    expect(calls.filter((c) => c.method === 'annotations.list')).toHaveLength(2);
  });
});
