/**
 * `npx tsx bench/db/index.ts [calls]`: the round trip of one acknowledged edit (an episode's review
 * status) through the contract: in process (dispatcher, validation, repository, SQLite commit) and over
 * the web shell's WebSocket, as the renderer makes it. Sequential calls, so each is a full round trip.
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
const STATUSES = ['accepted', 'rejected', 'needs_annotation', 'unreviewed'] as const;
const dir = mkdtempSync(join(tmpdir(), 'st4vla-bench-db-'));

try {
  const studio = await createStudio({ shell: 'web', dataDir: dir, projectDir: join(dir, 'project') });
  const imported = await studio.dispatch('datasets.import', { path: GR00T, jobId: 'bench' });
  if (!imported.ok) throw new Error(imported.error.message);
  const page = await studio.dispatch('episodes.list', {});
  if (!page.ok) throw new Error(page.error.message);
  const ids = (page.result as { rows: { id: number }[] }).rows.map((r) => r.id);
  const edit = (i: number) => ({ id: ids[i % ids.length]!, status: STATUSES[i % STATUSES.length]! });

  const inProcess: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    const outcome = await studio.dispatch('episodes.setReview', edit(i));
    inProcess.push(performance.now() - start);
    if (!outcome.ok) throw new Error(outcome.error.message);
  }

  const server = await startServer({ studio, staticDir: dir });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, {
    origin: server.origin,
    headers: { authorization: `Bearer ${server.token}` },
  });
  await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));
  const pending = new Map<number, () => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: number; ok?: boolean };
    if (message.type === 'response' && message.id !== undefined) pending.get(message.id)?.();
  });
  const overSocket: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await new Promise<void>((done) => {
      pending.set(i, done);
      socket.send(JSON.stringify({ type: 'request', id: i, method: 'episodes.setReview', params: edit(i) }));
    });
    pending.delete(i);
    overSocket.push(performance.now() - start);
  }
  socket.close();
  await server.close();
  await studio.close();

  const row = (label: string, xs: number[]) => [label, String(xs.length), median(xs).toFixed(3), percentile(xs, 99).toFixed(3)];
  printTable('bench/db: edit write round trip (episodes.setReview, committed to SQLite), ms', ['path', 'calls', 'p50', 'p99'], [
    row('in process: dispatch + validate + SQLite commit', inProcess),
    row('WebSocket RPC (web shell), loopback', overSocket),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
