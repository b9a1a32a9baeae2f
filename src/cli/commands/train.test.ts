import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeStudio } from '../../../test/fakes/fakeStudio';
import { ApiError } from '../../shared/contract/errors';
import { closeProject, createProject } from '../../core/project/project';
import { buildSample } from '../../core/samples/sampleProject';
import { TINY_SAMPLE } from '../../core/training/data/testing';
import { main } from '../index';
import { captureOutput } from './cliTestIo';
import { createTrainCommand, formatEta, type StartInput } from './train';

const root = mkdtempSync(join(tmpdir(), 'st4vla-cli-train-'));
const projectDir = join(root, 'sample');
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const output = captureOutput();

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'sample' });
  try {
    await buildSample(project, () => undefined, TINY_SAMPLE);
  } finally {
    closeProject(project);
  }
}, 120_000);

const base = ['train', projectDir, '--data-dir', dataDir, '--batch', '4', '--seed', '3'];

describe('st4vla train', () => {
  it('prints help and is listed in the command table', async () => {
    expect(await main(['train', '--help'])).toBe(0);
    expect(output.stdout()).toContain('usage: st4vla train <project> [--recipe stage1|st4vla|spatially-guided|vanilla-cotrain|vanilla] [--preset quick|small]');
    expect(output.stdout()).toMatch(/\n  vanilla +Bare instruction, action loss only/);
    expect(await main(['--help'])).toBe(0);
    expect(output.stdout()).toMatch(/train +train the policy/);
  });

  it.each([
    [['train'], 'expected a project folder'],
    [['train', 'p', '--recipe', 'rt2'], '--recipe must be one of stage1, st4vla, spatially-guided, vanilla-cotrain, vanilla, got "rt2"'],
    [['train', 'p', '--recipe', 'vanilla', '--stage1-steps', '3'], '--stage1-steps is for --recipe st4vla, not vanilla'],
    [['train', 'p', '--grounding-weight=-1'], '--grounding-weight must be a number of at least 0'],
    [['train', 'p', '--steps', '0'], '--steps must be an integer of at least 1'],
    [['train', 'p', '--backend', 'cuda'], '--backend must be one of auto,'],
    [['train', 'p', '--lr', '0'], '--lr must be a positive number'],
    [['train', 'p', '--eval-every=-1'], '--eval-every must be an integer of at least 0'],
    [['train', 'p', '--eval-every', 'often'], '--eval-every must be an integer of at least 0, got "often"'],
    [['train', 'p', '--sources', 'manual,ground_truth'], '--sources: "ground_truth" is not one of manual, tracked, projected, imported'],
    [['train', 'p', '--sources', ','], '--sources needs at least one of manual, tracked, projected, imported'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(output.stderr()).toContain(message);
  });

  it('fails clearly on a folder without a project, an unknown dataset or camera', async () => {
    expect(await main(['train', join(root, 'nothing'), '--data-dir', dataDir])).toBe(1);
    expect(output.stderr()).toContain(`no st4vla project in ${join(root, 'nothing')}`);
    expect(existsSync(join(root, 'nothing'))).toBe(false);
    expect(await main([...base, '--datasets', '99'])).toBe(2);
    expect(output.stderr()).toContain('--datasets: no dataset 99 in this project (it has 1)');
    expect(await main([...base, '--camera', 'wrist', '--steps', '2'])).toBe(1);
    expect(output.stderr()).toMatch(/st4vla train: error: .*no camera "wrist"/);
  }, 60_000);

  it('sends --sources, --predictions and --eval-every into the run config; defaults leave predictions out', async () => {
    const dataset = {
      id: 1, name: 'sample', format: 'lerobot', formatVersion: 'v2.1', sourcePath: '/d', fps: 10,
      episodeCount: 4, frameCount: 40, cameras: ['front'], warnings: [], importedAt: '2025-01-01T00:00:00Z',
    };
    const started: StartInput[] = [];
    const command = createTrainCommand(async () => createFakeStudio({
      'datasets.list': () => [dataset],
      'training.start': (input) => {
        started.push(input);
        throw new ApiError('bad_request', 'stopped by the test');
      },
    }));
    expect(await command.run(['p', '--sources', 'manual, tracked', '--predictions', '--eval-every', '5', '--quiet'])).toBe(1);
    expect(await command.run(['p', '--quiet'])).toBe(1);
    expect(output.stderr()).toContain('stopped by the test');
    expect(started[0]!.config.hyperparameters).toMatchObject({ evalEvery: 5 });
    expect(started[0]!.config.data).toMatchObject({ camera: 'front', annotationSources: ['manual', 'tracked'], predictions: true });
    expect(started[1]!.config.hyperparameters).toMatchObject({ evalEvery: 0 });
    expect(started[1]!.config.data).toMatchObject({ predictions: false });
    expect(started[1]!.config.data).not.toHaveProperty('annotationSources');
    expect(started[1]!.config.data).not.toHaveProperty('secondCamera');
    expect(await command.run(['p', '--second-camera', 'side', '--quiet'])).toBe(1);
    expect(started[2]!.config.data).toMatchObject({ camera: 'front', secondCamera: 'side' });
  });

  it('refuses --second-camera equal to --camera, and one the episodes lack, naming the field', async () => {
    expect(await main([...base, '--camera', 'front', '--second-camera', 'front', '--steps', '2'])).toBe(1);
    expect(output.stderr()).toMatch(/st4vla train: error: .*config\.data\.secondCamera: must be another camera than camera/);
    expect(await main([...base, '--second-camera', 'wrist', '--steps', '2'])).toBe(1);
    expect(output.stderr()).toMatch(/st4vla train: error: .*secondCamera: episode \d+ of dataset 1 has no camera "wrist" \(it has "front", "side"\)/);
  }, 60_000);

  it('a source choice with no grounding data fails stage 1 naming the sources', async () => {
    expect(await main([...base, '--recipe', 'stage1', '--no-truth', '--sources', 'projected,imported', '--steps', '2'])).toBe(1);
    expect(output.stderr()).toMatch(/no grounding data for stage 1 in the 4 selected episodes: .*from the annotation sources projected, imported/);
  }, 60_000);

  it('trains stage 1, then stage 2 from its checkpoint: progress on stderr, run and checkpoint on stdout', async () => {
    expect(await main([...base, '--recipe', 'stage1', '--steps', '6', '--checkpoint-every', '3'])).toBe(0);
    const first = output.stdout().match(/^run (\d+) succeeded\ncheckpoint (\d+) step 6 (\S+)\n$/);
    expect(first, output.stdout()).not.toBeNull();
    expect(existsSync(first![3]!)).toBe(true);
    expect(output.stderr()).toMatch(/train: prepare/);
    expect(output.stderr()).toMatch(/train: step 6\/6 \(100%\)  loss \d+\.\d{4}  \d+\.\d samples\/s/);
    expect(output.stderr()).toMatch(/train: run \d+ succeeded on tfjs/);

    const checkpoint = first![2]!;
    const before = output.stderr().length;
    expect(await main([...base, '--recipe', 'spatially-guided', '--steps', '4', '--from-checkpoint', checkpoint, '--quiet'])).toBe(0);
    expect(output.stdout()).toMatch(/run (\d+) succeeded\ncheckpoint \d+ step 4 \S+step-0+4\n$/);
    expect(output.stderr().slice(before)).toBe('');
  }, 240_000);

  it('follows the st4vla chain: stage 1, then the stage 2 the studio starts from its checkpoint', async () => {
    expect(await main([...base, '--recipe', 'st4vla', '--steps', '5', '--stage1-steps', '2'])).toBe(0);
    const lines = output.stdout().match(/^run (\d+) succeeded\ncheckpoint (\d+) step 2 \S+\nrun (\d+) succeeded\ncheckpoint \d+ step 3 \S+\n$/);
    expect(lines, output.stdout()).not.toBeNull();
    expect(output.stderr()).toContain('"st4vla · stage 1" started');
    expect(output.stderr()).toContain('"st4vla · stage 2" follows for 3 steps');
    expect(output.stderr()).toMatch(/train: step 3\/3 \(100%\)/);
  }, 240_000);

  it('cancels on Ctrl+C with a checkpoint and exits 130', async () => {
    const running = main([...base, '--recipe', 'vanilla-cotrain', '--steps', '400', '--checkpoint-every', '1000']);
    const started = Date.now();
    while (!/train: step \d+/.test(output.stderr())) {
      if (Date.now() - started > 120_000) throw new Error(`no step yet: ${output.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    process.emit('SIGINT');
    expect(await running).toBe(130);
    expect(output.stderr()).toContain('cancelling run');
    const lines = output.stdout().match(/^run \d+ cancelled\ncheckpoint \d+ step (\d+) (\S+)\n$/);
    expect(lines, output.stdout()).not.toBeNull();
    expect(Number(lines![1])).toBeLessThan(400);
    expect(existsSync(lines![2]!)).toBe(true);
  }, 240_000);

  it('formats the ETA as minutes or hours', () => {
    expect([formatEta(5), formatEta(75), formatEta(3725)]).toEqual(['0:05', '1:15', '1:02:05']);
  });
});
