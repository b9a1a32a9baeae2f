import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVideo, tempFolder, writeJson } from '../../core/rollouts/testing';
import { openRealStudio } from '../studio';
import { captureOutput } from './cliTestIo';
import { createImportRolloutsCommand } from './importRollouts';

const io = captureOutput();
const command = createImportRolloutsCommand(openRealStudio);

describe('st4vla import-rollouts', () => {
  it('imports a folder into a new project and prints the success per variant', async () => {
    const root = tempFolder();
    const dir = join(root, 'libero');
    makeVideo(join(dir, 'rollout_pick_the_bowl_episode0_success.mp4'), { frames: 3 });
    makeVideo(join(dir, 'rollout_pick_the_bowl_episode1_failure.mp4'), { frames: 3 });
    makeVideo(join(dir, 'rollout_open_the_drawer_episode0_failure.mp4'), { frames: 3 });
    const project = join(root, 'project');
    const code = await command.run([dir, '--project', project, '--create', '--data-dir', join(root, 'data')]);
    expect(io.stderr()).toContain('import: videos 0/3');
    expect(io.stderr()).toContain('import: done 3/3 (100%)');
    expect(code).toBe(0);
    expect(io.stdout()).toContain(`imported 3 rollouts (libero) as evaluation 1 of ${project}`);
    expect(io.stdout()).toContain('  pick_the_bowl: 1/2 succeeded');
    expect(io.stdout()).toContain('  open_the_drawer: 0/1 succeeded');

    // Same folder as JSON, into the same project: a second evaluation.
    expect(await command.run([dir, '--project', project, '--format', 'libero', '--json', '--quiet', '--data-dir', join(root, 'data')])).toBe(0);
    expect(JSON.parse(io.stdout().slice(io.stdout().indexOf('{')))).toMatchObject({
      evaluationId: 2,
      imported: 3,
      variants: { pick_the_bowl: { rollouts: 2, successes: 1 } },
    });
  });

  it('exits 1 naming the file for a bad folder and 2 for a bad format', async () => {
    const root = tempFolder();
    const dir = join(root, 'generic');
    makeVideo(join(dir, 'a.mp4'));
    writeJson(join(dir, 'a.json'), { instruction: 'x' });
    const project = join(root, 'project');
    expect(await command.run([dir, '--project', project, '--create', '--quiet', '--data-dir', join(root, 'data')])).toBe(1);
    expect(io.stderr()).toMatch(/a\.json: success: /);
    expect(await command.run([dir, '--project', project, '--format', 'rlds'])).toBe(2);
    expect(io.stderr()).toContain('--format must be one of auto, libero, lerobot-eval, simpler, generic');
  });
});
