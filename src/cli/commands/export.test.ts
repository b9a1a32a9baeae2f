import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLeRobot } from '../../core/datasets/import/importDataset';
import { closeProject, createProject } from '../../core/project/project';
import { main } from '../index';
import { captureOutput } from './cliTestIo';

const GR00T = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const root = mkdtempSync(join(tmpdir(), 'st4vla-cli-export-'));
const projectDir = join(root, 'lab');
const emptyDir = join(root, 'empty');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const output = captureOutput();

beforeAll(async () => {
  closeProject(createProject(emptyDir, { name: 'empty' }));
  const project = createProject(projectDir, { name: 'lab' });
  try {
    await importLeRobot(project, GR00T);
    const episode = project.repos.episodes.list({}).rows[0]!;
    const camera = project.repos.episodes.camerasOf(episode.id)[0]!;
    const pear = project.repos.labels.insert({ name: 'pear', color: '#0f0' });
    project.repos.annotations.insert({
      episodeId: episode.id, cameraId: camera.id, kind: 'box', frameStart: 2, geometry: { x1: 10, y1: 20, x2: 60, y2: 90 },
      labelClassId: pear, source: 'manual', author: 'ann',
    });
  } finally {
    closeProject(project);
  }
});

describe('st4vla export', () => {
  it('prints help and is listed in the command table', async () => {
    expect(await main(['export', '--help'])).toBe(0);
    expect(output.stdout()).toContain('usage: st4vla export grounding <project> --out DIR [--size 224]');
    expect(await main(['--help'])).toBe(0);
    expect(output.stdout()).toMatch(/export +export annotations as grounding QA JSONL/);
  });

  it.each([
    [['export'], 'expected a format: grounding'],
    [['export', 'lerobot', 'p'], 'unknown export format "lerobot"'],
    [['export', 'grounding'], 'expected a project folder'],
    [['export', 'grounding', 'p'], '--out DIR is required'],
    [['export', 'grounding', 'p', '--out', 'o', '--size', 'big'], '--size must be an integer'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(output.stderr()).toContain(message);
  });

  it('writes the export, reports progress on stderr and the JSONL path on stdout', async () => {
    const out = join(root, 'out');
    expect(await main(['export', 'grounding', projectDir, '--out', out, '--size', '112'])).toBe(0);
    expect(output.stdout().trim()).toBe(join(out, 'grounding.jsonl'));
    expect(output.stderr()).toMatch(/export: frames 1\/1[\s\S]*export: 1 records \(1 box, 0 point, 0 trajectory\), 1 images/);
    const record = JSON.parse(readFileSync(join(out, 'grounding.jsonl'), 'utf8'));
    expect(record.conversations[1].value).toBe('[{"bbox_2d": [4, 9, 26, 39], "label": "pear"}]');
    expect(await main(['export', 'grounding', projectDir, '--out', out])).toBe(1);
    expect(output.stderr()).toContain('is not empty; choose an empty folder or replace it with --force');
    expect(await main(['export', 'grounding', projectDir, '--out', out, '--force', '--quiet'])).toBe(0);
  });

  it('previews without writing, and fails clearly on an empty project or an unknown label', async () => {
    expect(await main(['export', 'grounding', projectDir, '--preview', '1'])).toBe(0);
    expect(JSON.parse(output.stdout())).toMatchObject({ counts: { box: 1, point: 0, trajectory: 0 }, total: 1 });
    expect(await main(['export', 'grounding', emptyDir, '--out', join(root, 'none')])).toBe(1);
    expect(output.stderr()).toContain('st4vla export: error: nothing to export');
    expect(existsSync(join(root, 'none'))).toBe(false);
    expect(await main(['export', 'grounding', projectDir, '--out', join(root, 'none'), '--labels', 'kiwi'])).toBe(1);
    expect(output.stderr()).toContain('unknown label "kiwi"; this project has "pear"');
  });
});
