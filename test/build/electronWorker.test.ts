/**
 * The desktop build forks the same training worker as the CLI: electron.vite.config.ts builds it beside
 * main's bundle (out/main/worker.mjs, where src/core/training/workerEntry.ts looks) with the vendored
 * gradients, and that bundled worker trains a run to the end.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import electronConfig from '../../electron.vite.config';
import { closeProject, createProject } from '../../src/core/project/project';
import { buildSample } from '../../src/core/samples/sampleProject';
import { createStudio } from '../../src/core/studio';
import { TINY_SAMPLE } from '../../src/core/training/data/testing';
import { trainThreadCount } from '../../src/worker/train/policyThreads';
import { buildTrainingWorker } from '../../vite.node.config';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-electron-worker-'));
// Inside the checkout, as out/main is: the bundle imports its npm dependencies from node_modules.
mkdirSync(resolve('out'), { recursive: true });
const built = mkdtempSync(resolve('out/.test-main-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  rmSync(built, { recursive: true, force: true });
});

type MainConfig = { plugins: Plugin[]; build: { outDir: string } };

describe('the Electron build of the training worker', () => {
  it('names the worker plugin in main, writing beside out/main/index.js', () => {
    const main = (electronConfig as { main: MainConfig }).main;
    expect(main.build.outDir).toBe(resolve('out/main'));
    expect(main.plugins.map((p) => p.name)).toEqual(expect.arrayContaining(['st4vla:copy-core-assets', 'st4vla:build-training-worker']));
  });

  it('builds worker.mjs with the vendored gradients, and that worker trains a run to its end', async () => {
    const outDir = built;
    const plugin = buildTrainingWorker(outDir);
    await (plugin.closeBundle as () => Promise<void>).call({});
    expect(existsSync(join(outDir, 'worker.mjs'))).toBe(true);
    expect(existsSync(join(outDir, 'vendor/tfjs-core-gradients.cjs'))).toBe(true);
    // The policy's data-parallel threads, which the bundled worker starts beside itself.
    expect(existsSync(join(outDir, 'policy-thread.mjs'))).toBe(true);

    const dir = join(temp, 'project');
    const project = createProject(dir, { name: 'worker build' });
    const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
    closeProject(project);
    const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: dir, training: { workerEntry: join(outDir, 'worker.mjs') } });
    try {
      const started = await studio.dispatch('training.start', {
        name: 'bundled worker', stage: 'action', datasetIds: [datasetId],
        config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 3, batchSize: 4, warmupSteps: 1, checkpointEvery: 3 } },
      });
      if (!started.ok) throw new Error(started.error.message);
      const id = (started.result as { id: number }).id;
      let detail: any;
      for (const until = Date.now() + 120_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const got = await studio.dispatch('training.get', { id });
        detail = got.ok ? got.result : undefined;
        if (['succeeded', 'failed', 'cancelled'].includes(detail?.run.status)) break;
      }
      expect(detail.run).toMatchObject({ status: 'succeeded', error: null });
      const threads = trainThreadCount('wasm', 4);
      if (threads > 1) expect(detail.run.backend).toMatch(new RegExp(`, ${threads} threads$`));
      expect(detail.checkpoints.map((c: { step: number }) => c.step)).toEqual([3]);
    } finally {
      await studio.close();
    }
  }, 180_000);
});
