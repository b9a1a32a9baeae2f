/**
 * `npx tsx bench/db/index.ts [calls]`: the round trip of one acknowledged edit through the contract,
 * in process (dispatcher, validation, repository, SQLite commit) and over the web shell's WebSocket, as
 * the renderer makes it. Two edits: an episode's review status, and moving a box (annotations.apply:
 * geometry checks, optimistic-concurrency check, the update and its edit-log step in one transaction,
 * the change event). Sequential calls, so each is a full round trip. Target for the move: p99 < 10 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { createStudio } from '../../src/core/studio';
import { startServer } from '../../src/server';
import { median, percentile, printTable } from '../table';

const calls = Number(process.argv[2] ?? 2000);
const GR00T = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const STATUSES = ['done', 'rejected', 'needs_review', 'todo'] as const;
const dir = mkdtempSync(join(tmpdir(), 'st4vla-bench-db-'));

type Call = (method: string, params: unknown) => Promise<any>;

/** Times `calls` sequential calls; `params` may read the previous result (the box's version). */
async function time(call: Call, method: string, params: (i: number, previous: any) => unknown): Promise<{ ms: number[]; last: any }> {
  const ms: number[] = [];
  let last: any;
  for (let i = 0; i < calls; i++) {
    const input = params(i, last);
    const start = performance.now();
    last = await call(method, input);
    ms.push(performance.now() - start);
  }
  return { ms, last };
}

try {
  const studio = await createStudio({ shell: 'web', dataDir: dir, projectDir: join(dir, 'project') });
  const inProcess: Call = async (method, params) => {
    const outcome = await studio.dispatch(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.result;
  };
  await inProcess('datasets.import', { path: GR00T, jobId: 'bench' });
  const ids = ((await inProcess('episodes.list', {})) as { rows: { id: number }[] }).rows.map((r) => r.id);
  const episodeId = ids[0]!;
  const camera = (await inProcess('episodes.get', { id: episodeId })).cameras[0] as { name: string; width: number; height: number };
  const review = (i: number) => ({ id: ids[i % ids.length]!, status: STATUSES[i % STATUSES.length]! });
  // The box walks back and forth inside the image; each move is based on the version the last one returned.
  const move = (i: number, previous: any) => {
    const x = 10 + (i % 50);
    return {
      episodeId, command: { name: 'annotation.move' }, frame: 0, camera: camera.name, clientId: 'bench',
      changes: [{ op: 'update', id: 'bench-box', baseUpdatedAt: previous?.annotations[0].updatedAt, geometry: { x1: x, y1: 10, x2: x + 40, y2: 60 } }],
    };
  };
  const createBox = (id: string) => ({
    episodeId, command: { name: 'annotation.create' }, frame: 0, camera: camera.name,
    changes: [{ op: 'create', id, camera: camera.name, kind: 'box', frame: 0, geometry: { x1: 10, y1: 10, x2: 50, y2: 60 } }],
  });

  const reviewInProcess = await time(inProcess, 'episodes.setReview', review);
  const created = await inProcess('annotations.apply', createBox('bench-box'));
  const moveInProcess = await time(inProcess, 'annotations.apply', (i, prev) => move(i, prev ?? created));

  const server = await startServer({ studio, staticDir: dir });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, {
    origin: server.origin,
    headers: { authorization: `Bearer ${server.token}` },
  });
  await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));
  const pending = new Map<number, (message: any) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: number };
    if (message.type === 'response' && message.id !== undefined) pending.get(message.id)?.(message);
  });
  let nextId = 0;
  const overSocket: Call = (method, params) =>
    new Promise((done, fail) => {
      const id = nextId++;
      pending.set(id, (message) => {
        pending.delete(id);
        if (message.ok) done(message.result);
        else fail(new Error(`${method}: ${message.error?.message}`));
      });
      socket.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  const reviewOverSocket = await time(overSocket, 'episodes.setReview', review);
  const moveOverSocket = await time(overSocket, 'annotations.apply', (i, prev) => move(i, prev ?? moveInProcess.last));
  socket.close();
  await server.close();
  await studio.close();

  const row = (label: string, xs: number[]) => [label, String(xs.length), median(xs).toFixed(3), percentile(xs, 99).toFixed(3)];
  printTable('bench/db: edit write round trip (committed to SQLite), ms', ['edit', 'path', 'calls', 'p50', 'p99'], [
    ['episodes.setReview', ...row('in process: dispatch + validate + SQLite commit', reviewInProcess.ms)],
    ['episodes.setReview', ...row('WebSocket RPC (web shell), loopback', reviewOverSocket.ms)],
    ['annotations.apply (move a box)', ...row('in process: dispatch + validate + SQLite commit', moveInProcess.ms)],
    ['annotations.apply (move a box)', ...row('WebSocket RPC (web shell), loopback', moveOverSocket.ms)],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
