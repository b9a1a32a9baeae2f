import { describe, expect, it } from 'vitest';
import { createFakeStudio } from '../../../test/fakes/fakeStudio';
import { ApiError } from '../../shared/contract/errors';
import { captureOutput } from './cliTestIo';
import { createInfoCommand } from './info';

const io = captureOutput();
const dataset = {
  id: 1, name: 'pick_cube', format: 'lerobot', formatVersion: 'v3.0', sourcePath: '/d', fps: 30,
  episodeCount: 5, frameCount: 750, cameras: ['top'], warnings: [], importedAt: '2025-01-01T00:00:00Z',
};
const studio = () =>
  createFakeStudio({
    'project.open': ({ dir }) => {
      if (dir === '/nothing') throw new ApiError('not_found', 'no project at /nothing');
      return { dir, name: 'lab', schemaVersion: 1, datasetCount: 1, episodeCount: 5 };
    },
    'datasets.list': () => [dataset],
    'episodes.list': ({ reviewStatus }) => ({ total: { todo: 2, in_progress: 1, done: 1, needs_review: 0, rejected: 1 }[reviewStatus!], rows: [] }),
  });

describe('st4vla info', () => {
  it('prints the project and a table of its datasets', async () => {
    expect(await createInfoCommand(async () => studio()).run(['/projects/lab'])).toBe(0);
    expect(io.stdout()).toContain('project   lab\nfolder    /projects/lab\nschema    1\ncontents  1 dataset(s), 5 episode(s)\nreview    2 todo, 1 in_progress, 1 done, 0 needs_review, 1 rejected');
    expect(io.stdout()).toMatch(/id +name +format +episodes/);
    expect(io.stdout()).toMatch(/1 +pick_cube +lerobot v3.0 +5 +750 +30 +top +0/);
  });

  it('prints JSON for scripts', async () => {
    expect(await createInfoCommand(async () => studio()).run(['/projects/lab', '--json'])).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({
      project: { name: 'lab' },
      review: { todo: 2, in_progress: 1, done: 1, needs_review: 0, rejected: 1 },
      datasets: [{ id: 1 }],
    });
  });

  it('exits 1 for a folder that is no project and 2 for bad usage', async () => {
    expect(await createInfoCommand(async () => studio()).run(['/nothing'])).toBe(1);
    expect(io.stderr()).toContain('st4vla info: error: no project at /nothing');
    expect(await createInfoCommand(async () => studio()).run([])).toBe(2);
    expect(await createInfoCommand(async () => studio()).run(['a', 'b'])).toBe(2);
  });
});
