/**
 * The annotate sample imported into a real project behind a real Studio, for the tests of
 * tracking.propagate: the same videos the tracker benchmark decodes itself, read through the backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../../src/shared/contract/api';
import type { ApiErrorShape } from '../../../src/shared/contract/errors';
import { createStudio } from '../../../src/core/studio';
import { generateSample } from './sampleData';

type Studio = Awaited<ReturnType<typeof createStudio>>;

export interface SampleStudio {
  studio: Studio;
  /** The sample dataset's folder (its videos are referenced, not copied). */
  sampleDir: string;
  events: { event: EventName; payload: any }[];
  /** Episode id by the sample's episode index. */
  episodeId(index: number): number;
  call(method: string, params: unknown): Promise<any>;
  fail(method: string, params: unknown): Promise<ApiErrorShape>;
  close(): Promise<void>;
}

export async function openSampleStudio(): Promise<SampleStudio> {
  const work = mkdtempSync(join(tmpdir(), 'st4vla-propagate-'));
  const sampleDir = await generateSample(join(work, 'sample'));
  const studio = await createStudio({ shell: 'web', dataDir: work, projectDir: join(work, 'project') });
  const events: SampleStudio['events'] = [];
  studio.subscribe((event, payload) => events.push({ event, payload }));
  const call = async (method: string, params: unknown) => {
    const outcome = await studio.dispatch(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result as any;
  };
  await call('datasets.import', { path: sampleDir, copyMedia: false, jobId: 'import' });
  const rows = (await call('episodes.list', { limit: 100 })).rows as { id: number; index: number }[];
  const ids = new Map(rows.map((r) => [r.index, r.id]));
  return {
    studio,
    sampleDir,
    events,
    episodeId: (index) => ids.get(index)!,
    call,
    async fail(method, params) {
      const outcome = await studio.dispatch(method, params);
      if (outcome.ok) throw new Error(`${method} should have failed`);
      return outcome.error;
    },
    async close() {
      await studio.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
