import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../shared/contract/api';
import { createStudio } from './studio';

const GR00T = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const TINY_SAMPLE = resolve('test/fixtures/sample-tiny.json');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-studio-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function call(studio: Awaited<ReturnType<typeof createStudio>>, method: string, params: unknown) {
  const outcome = await studio.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as any;
}

describe('createStudio with a project folder', () => {
  it('imports the real GR00T dataset through the contract and serves its episodes', async () => {
    const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: join(temp, 'p1') });
    const progress: EventPayload<'job.progress'>[] = [];
    studio.subscribe((event, payload) => event === 'job.progress' && progress.push(payload as never));

    const summary = await call(studio, 'datasets.import', { path: GR00T, jobId: 'j1' });
    expect(summary).toMatchObject({ episodeCount: 5, frameCount: expect.any(Number), cameras: ['ego_view'] });
    expect(summary.warnings.join('\n')).toMatch(/egoview/);
    expect(progress.at(-1)).toMatchObject({ jobId: 'j1', finished: true });

    const page = await call(studio, 'episodes.list', { search: 'pick' });
    expect(page.total).toBeGreaterThan(0);
    const detail = await call(studio, 'episodes.get', { id: page.rows[0].id });
    expect(detail.cameras[0]).toMatchObject({ codec: 'h264', width: 256, height: 256, playable: true });
    const signals = await call(studio, 'episodes.signals', { id: detail.id });
    const state = signals.find((s: { name: string }) => s.name === 'state');
    expect(state.values.length).toBe(state.length * state.dims.length);

    const video = await studio.resolveMedia(detail.cameras[0].mediaPath);
    expect(video && statSync(video).size).toBeGreaterThan(0);
    const thumb = await studio.resolveMedia(`thumb/${detail.id}`);
    expect(thumb && statSync(thumb).size).toBeGreaterThan(0);
    expect(await studio.resolveMedia('../../etc/passwd')).toBeNull();

    expect(await call(studio, 'episodes.setReview', { id: detail.id, status: 'done' })).toEqual({ id: detail.id, status: 'done' });
    expect((await call(studio, 'episodes.list', { reviewStatus: 'done' })).total).toBe(1);
    await studio.close();
  });

  it('refuses a broken dataset with an error naming the file, and keeps nothing of it', async () => {
    const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: join(temp, 'p2') });
    const outcome = await studio.dispatch('datasets.import', { path: join(temp, 'does-not-exist'), jobId: 'j2' });
    expect(outcome.ok).toBe(false);
    expect(await call(studio, 'datasets.list', {})).toEqual([]);
    const bad = await studio.dispatch('episodes.get', { id: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await studio.close();
  });
});

describe('createStudio on first start', () => {
  it('builds the sample project with the environment and imports it with calibration and ground truth', async () => {
    const studio = await createStudio({ shell: 'web', dataDir: join(temp, 'data'), sampleDefinition: TINY_SAMPLE });
    expect((await call(studio, 'app.info', {})).preparingSample).toBe(true);
    await studio.ready;
    const info = await call(studio, 'app.info', {});
    expect(info).toMatchObject({ preparingSample: false, project: { datasetCount: 1, episodeCount: 4 } });
    const [dataset] = await call(studio, 'datasets.list', {});
    expect(dataset.cameras.sort()).toEqual(['front', 'side']);
    const page = await call(studio, 'episodes.list', {});
    const detail = await call(studio, 'episodes.get', { id: page.rows[0].id });
    expect(detail.cameras.map((c: { width: number }) => c.width)).toEqual([64, 64]);
    expect(detail.signals.map((s: { dims: string[] }) => s.dims.length)).toEqual([7, 7]);
    await studio.close();
  });
});

describe('closing the studio', () => {
  it('stops a first-start sample build instead of waiting for it, and leaves no dataset half-written', async () => {
    const dataDir = join(temp, 'data-closed');
    const studio = await createStudio({ shell: 'web', dataDir });
    const start = performance.now();
    await studio.close();
    expect(performance.now() - start).toBeLessThan(10_000);
    const again = await createStudio({ shell: 'web', dataDir, projectDir: join(dataDir, 'sample-project') });
    expect(await call(again, 'datasets.list', {})).toEqual([]);
    await again.close();
  });
});

