import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject, openProject } from '../../core/project/project';
import { buildSample } from '../../core/samples/sampleProject';
import { TINY_SAMPLE } from '../../core/training/data/testing';
import { main } from '../index';
import { captureOutput } from './cliTestIo';
import { evaluationTable } from './eval';

const root = mkdtempSync(join(tmpdir(), 'st4vla-cli-eval-'));
const projectDir = join(root, 'sample');
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const output = captureOutput();
let checkpoint = { id: '', path: '' };

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'sample' });
  try {
    await buildSample(project, () => undefined, TINY_SAMPLE);
  } finally {
    closeProject(project);
  }
}, 120_000);

describe('st4vla eval', () => {
  it('prints help and is listed in the command table', async () => {
    expect(await main(['eval', '--help'])).toBe(0);
    expect(output.stdout()).toContain('usage: st4vla eval <project> --checkpoint <id|path>');
    expect(output.stdout()).toContain('variants: in_distribution, unseen_positions, unseen_objects, new_background, heldout_paraphrases, similar_distractors');
    expect(await main(['--help'])).toBe(0);
    expect(output.stdout()).toMatch(/\n  eval +evaluate a checkpoint/);
  });

  it.each([
    [['eval'], 'expected a project folder'],
    [['eval', 'p'], '--checkpoint is required'],
    [['eval', 'p', '--checkpoint', '1', '--suite', 'in_distribution,moon'], '--suite: "moon" is not one of in_distribution,'],
    [['eval', 'p', '--checkpoint', '1', '--episodes', '0'], '--episodes must be an integer of at least 1, got "0"'],
    [['eval', 'p', '--checkpoint', '1', '--execute', '2', '--ensemble', '0.1'], '--execute and --ensemble exclude each other'],
    [['eval', 'p', '--checkpoint', '1', '--ensemble=-1'], '--ensemble must be a decay of at least 0'],
    [['eval', 'p', '--checkpoint', '1', '--families', 'juggle'], '--families: "juggle" is not one of pick, place, near, push'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(output.stderr()).toContain(message);
  });

  it('lays out the success table with the Wilson interval', () => {
    expect(evaluationTable([
      { variant: 'in_distribution', successes: 3, n: 10, rate: 0.3, ci: [0.108, 0.603], meanSteps: 84.25 },
      { variant: 'unseen_positions', successes: 0, n: 10, rate: 0, ci: [0, 0.278], meanSteps: 120 },
    ])).toBe([
      'variant           success  rate  95% CI   episodes  mean steps',
      'in_distribution   3/10     30%   11%-60%  10        84.3',
      'unseen_positions  0/10     0%    0%-28%   10        120.0',
    ].join('\n'));
  });

  it('fails clearly on an unknown checkpoint id or folder', async () => {
    expect(await main(['eval', projectDir, '--data-dir', dataDir, '--checkpoint', '42'])).toBe(1);
    expect(output.stderr()).toContain('st4vla eval: error: checkpointId: there is no checkpoint 42');
    expect(await main(['eval', projectDir, '--data-dir', dataDir, '--checkpoint', join(root, 'elsewhere')])).toBe(2);
    expect(output.stderr()).toContain(`--checkpoint: ${join(root, 'elsewhere')} is no checkpoint of this project's training runs`);
  }, 60_000);

  it('evaluates a trained checkpoint by folder: progress on stderr, the table on stdout, rollouts in the project', async () => {
    expect(await main(['train', projectDir, '--data-dir', dataDir, '--recipe', 'spatially-guided', '--steps', '4', '--batch', '4', '--quiet'])).toBe(0);
    const trained = output.stdout().match(/checkpoint (\d+) step 4 (\S+)\n/);
    expect(trained, output.stdout()).not.toBeNull();
    checkpoint = { id: trained![1]!, path: trained![2]! };
    const since = output.stdout().length;

    expect(await main(['eval', projectDir, '--data-dir', dataDir, '--checkpoint', checkpoint.path, '--suite', 'in_distribution,unseen_positions',
      '--episodes', '2', '--seed', '5', '--families', 'pick', '--batch', '2', '--execute', '4'])).toBe(0);
    const out = output.stdout().slice(since);
    const head = out.match(/^evaluation (\d+) succeeded: 4 rollouts stored\n/);
    expect(head, out).not.toBeNull();
    expect(out).toMatch(/\nvariant +success +rate +95% CI +episodes +mean steps\nin_distribution +\d\/2 +\d+% +\d+%-\d+% +2 +\d+\.\d\nunseen_positions +\d\/2 +\d+% +\d+%-\d+% +2 +\d+\.\d\n$/);
    expect(output.stderr()).toMatch(/eval: evaluation \d+ "spatially-guided @ step 4" started: in_distribution, unseen_positions, 2 episodes each/);
    expect(output.stderr()).toMatch(/evaluate: episodes 0\/4 \(0%\)\n(.*\n)*evaluate: succeeded 4\/4 \(100%\)\n/);
    expect(output.stderr()).toMatch(/eval: evaluation \d+ succeeded/);

    const project = openProject(projectDir);
    try {
      const rows = project.repos.rolloutCatalog.list({ evaluationId: Number(head![1]) }).rows;
      expect(rows.map((r) => [r.variant, r.seed])).toEqual([['in_distribution', 5], ['in_distribution', 6], ['unseen_positions', 5], ['unseen_positions', 6]]);
      expect(rows.every((r) => r.folder !== null && r.checkpointId === Number(checkpoint.id))).toBe(true);
    } finally {
      closeProject(project);
    }
  }, 240_000);
});
