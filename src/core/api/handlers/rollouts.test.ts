import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract/api';
import { makeVideo, tempFolder, writeJson } from '../../rollouts/testing';
import { createStudio } from '../../studio';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const studios: Studio[] = [];
afterEach(async () => {
  while (studios.length) await studios.pop()!.close();
});

async function open() {
  const temp = tempFolder('st4vla-rstudio-');
  const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: join(temp, 'project') });
  studios.push(studio);
  const events: { event: EventName; payload: any }[] = [];
  studio.subscribe((event, payload) => events.push({ event, payload }));
  const call = async (method: string, params: unknown) => {
    const outcome = await studio.dispatch(method, params);
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result as any;
  };
  return { studio, events, call };
}

describe('rollouts through the contract', () => {
  it('imports a folder, lists, reads, tags and counts its rollouts, and edits the taxonomy', async () => {
    const { studio, events, call } = await open();
    const dir = tempFolder();
    makeVideo(join(dir, 'a.mp4'), { frames: 3 });
    writeJson(join(dir, 'a.json'), { instruction: 'pick the cup', success: true, variant: 'seen' });
    makeVideo(join(dir, 'b.mp4'), { frames: 4 });
    writeJson(join(dir, 'b.json'), { instruction: 'pick the can', success: false, variant: 'unseen', steps: [{ point: [0.2, 0.3] }, {}, {}, {}] });

    const imported = await call('rollouts.import', { path: dir, jobId: 'r1' });
    expect(imported).toMatchObject({ format: 'generic', imported: 2, transcoded: 0 });
    expect(events.filter((e) => e.event === 'job.progress').at(-1)!.payload).toMatchObject({ jobId: 'r1', kind: 'import', finished: true });
    expect(events.find((e) => e.event === 'rollouts.changed')!.payload).toMatchObject({ reason: 'import', evaluationId: imported.evaluationId });

    expect(await call('rollouts.evaluations', {})).toEqual([
      expect.objectContaining({ id: imported.evaluationId, source: 'imported', status: 'succeeded', checkpointId: null, rollouts: 2, successes: 1, config: expect.objectContaining({ format: 'generic', path: dir }) }),
    ]);
    const page = await call('rollouts.list', { success: false });
    expect(page.total).toBe(1);
    const failed = page.rows[0];
    expect(failed).toMatchObject({ source: 'generic', variant: 'unseen', instruction: 'pick the can', steps: 4, checkpointId: null, tag: null });
    const { rollout, record } = await call('rollouts.get', { id: failed.id });
    expect(rollout.id).toBe(failed.id);
    expect(record.steps[0]).toEqual({ t: 0, predicted: { point: [0.2, 0.3] } });

    const tagged = await call('rollouts.tag', { id: failed.id, tag: 'wrong_object', author: 'ann', clientId: 'w1' });
    expect(tagged).toMatchObject({ tag: 'wrong_object', taggedBy: 'ann' });
    expect(events.at(-1)).toMatchObject({ event: 'rollouts.changed', payload: { reason: 'tag', ids: [failed.id], by: 'w1' } });
    expect(await call('rollouts.counts', { evaluationId: imported.evaluationId })).toEqual([
      { checkpointId: null, variant: 'seen', tag: null, rollouts: 1, successes: 1, confirmed: 0 },
      { checkpointId: null, variant: 'unseen', tag: 'wrong_object', rollouts: 1, successes: 0, confirmed: 1 },
    ]);

    const taxonomy = await call('rollouts.taxonomy.get', {});
    expect(taxonomy[0]).toMatchObject({ name: 'wrong_object', rolloutCount: 1 });
    const edited = await call('rollouts.taxonomy.set', { tags: [{ name: 'grounding', from: 'wrong_object' }, { name: 'control' }] });
    expect(edited.map((t: { name: string }) => t.name)).toEqual(['grounding', 'control']);
    expect((await call('rollouts.get', { id: failed.id })).rollout.tag).toBe('grounding');

    const refused = await studio.dispatch('rollouts.taxonomy.set', { tags: [{ name: 'control' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('"grounding" is the confirmed tag of 1 rollout') } });
    const unknown = await studio.dispatch('rollouts.tag', { id: failed.id, tag: 'wrong_object' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('not in the project') } });
  });

  it('answers a broken import with bad_request naming the file, and a failed job', async () => {
    const { studio, events, call } = await open();
    const dir = tempFolder();
    makeVideo(join(dir, 'a.mp4'));
    writeJson(join(dir, 'a.json'), { instruction: 'x', success: true, fps: -1 });
    const outcome = await studio.dispatch('rollouts.import', { path: dir, format: 'generic', jobId: 'r2' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/a\.json: fps: /) } });
    expect(events.filter((e) => e.event === 'job.progress').at(-1)!.payload).toMatchObject({ jobId: 'r2', finished: true, error: expect.stringContaining('a.json') });
    expect(await call('rollouts.list', {})).toEqual({ total: 0, rows: [] });
    expect(await studio.dispatch('rollouts.get', { id: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
