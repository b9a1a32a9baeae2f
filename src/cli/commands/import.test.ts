import { describe, expect, it } from 'vitest';
import { createFakeStudio, type FakeStudio } from '../../../test/fakes/fakeStudio';
import { ApiError } from '../../shared/contract/errors';
import { captureOutput } from './cliTestIo';
import { createImportCommand } from './import';

const io = captureOutput();
const summary = {
  id: 4, name: 'pick_cube', format: 'lerobot', formatVersion: 'v2.1', sourcePath: '/data/pick_cube', fps: 30,
  episodeCount: 2, frameCount: 300, cameras: ['top', 'wrist'], warnings: ['episode 1: 3 frames without action'],
  importedAt: '2025-01-01T00:00:00Z',
};

function studioThatImports(): { studio: FakeStudio; opened: unknown[] } {
  const opened: unknown[] = [];
  const studio = createFakeStudio((bus) => ({
    'project.open': (input) => {
      opened.push(input);
      if (input.dir.endsWith('missing') && !input.create) throw new ApiError('not_found', `no project at ${input.dir}`);
      return { dir: input.dir, name: 'p', schemaVersion: 1, datasetCount: 0, episodeCount: 0 };
    },
    'datasets.import': ({ path, jobId }) => {
      if (path.endsWith('broken')) throw new ApiError('bad_request', `${path}/meta/info.json is missing`);
      bus.emit('job.progress', { jobId: 'someone-else', kind: 'import', phase: 'reading', done: 0, total: 1, finished: false });
      bus.emit('job.progress', { jobId, kind: 'import', phase: 'reading episodes', done: 1, total: 2, finished: false });
      bus.emit('job.progress', { jobId, kind: 'import', phase: 'done', done: 2, total: 2, finished: true });
      return summary;
    },
  }));
  return { studio, opened };
}

describe('st4vla import', () => {
  it('opens the project, imports, reports progress on stderr and the summary on stdout', async () => {
    const { studio, opened } = studioThatImports();
    const code = await createImportCommand(async () => studio).run(['/data/pick_cube', '--project', '/projects/p']);
    expect(code).toBe(0);
    expect(opened).toEqual([{ dir: '/projects/p', create: false }]);
    expect(io.stderr()).toBe('import: reading episodes 1/2 (50%)\nimport: done 2/2 (100%)\n');
    expect(io.stdout()).toContain('imported "pick_cube" (lerobot v2.1) as dataset 4 of /projects/p');
    expect(io.stdout()).toContain('warnings (1):\n  - episode 1: 3 frames without action');
    expect(studio.closed).toBe(true);
  });

  it('prints JSON for scripts and nothing on stderr when quiet', async () => {
    const { studio } = studioThatImports();
    expect(await createImportCommand(async () => studio).run(['/d/x', '--project', '/p', '--json', '--quiet'])).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual(summary);
    expect(io.stderr()).toBe('');
  });

  it('fails with exit 1 and the reason for a bad dataset or a missing project', async () => {
    const { studio } = studioThatImports();
    expect(await createImportCommand(async () => studio).run(['/d/broken', '--project', '/p'])).toBe(1);
    expect(io.stderr()).toContain('st4vla import: error: /d/broken/meta/info.json is missing');
    expect(studio.closed).toBe(true);
    expect(await createImportCommand(async () => studioThatImports().studio).run(['/d/x', '--project', '/missing'])).toBe(1);
    expect(io.stderr()).toContain('no project at /missing (add --create to make a new project there)');
  });

  it.each([
    [[], 'expected one dataset folder, got 0'],
    [['/d/x'], '--project DIR is required'],
    [['/d/x', '--project', '/p', '--fast'], "Unknown option '--fast'"],
  ])('%j is a usage error (exit 2) that never starts the backend', async (argv, message) => {
    let started = false;
    const command = createImportCommand(async () => ((started = true), createFakeStudio()));
    expect(await command.run(argv)).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(started).toBe(false);
  });

  it('has --help', async () => {
    expect(await createImportCommand(async () => createFakeStudio()).run(['--help'])).toBe(0);
    expect(io.stdout()).toContain('usage: st4vla import <dataset> --project DIR');
  });
});
