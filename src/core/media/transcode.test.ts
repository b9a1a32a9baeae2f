import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeV21Fixture } from '../../../test/fixtures/make-lerobot-fixtures';
import { createStudio } from '../studio';
import { locateMediaTools } from './ffmpeg';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-transcode-'));
let dataset = '';

beforeAll(async () => {
  // A dataset whose front camera is MPEG-4 Part 2, a codec browsers do not decode.
  dataset = await makeV21Fixture(join(temp, 'dataset'), [12]);
  const video = join(dataset, 'videos/chunk-000/observation.images.front/episode_000000.mp4');
  const mpeg4 = `${video}.mpeg4.mp4`;
  execFileSync(locateMediaTools().ffmpeg, ['-v', 'error', '-i', video, '-c:v', 'mpeg4', '-q:v', '3', mpeg4]);
  renameSync(mpeg4, video);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('media.transcode', () => {
  it('turns an undecodable camera into a playable H.264 one with the same frames', async () => {
    const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: join(temp, 'project') });
    const call = async (method: string, params: unknown) => {
      const outcome = await studio.dispatch(method, params);
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as any;
    };
    await call('datasets.import', { path: dataset, jobId: 'import' });
    const { rows } = await call('episodes.list', {});
    const before = (await call('episodes.get', { id: rows[0].id })).cameras.find((c: { name: string }) => c.name === 'front');
    expect(before).toMatchObject({ codec: 'mpeg4', playable: false, frameCount: 12 });

    const after = await call('media.transcode', { episodeId: rows[0].id, camera: 'front', jobId: 't1' });
    expect(after).toMatchObject({ codec: 'h264', playable: true, frameCount: 12 });
    const file = await studio.resolveMedia(after.mediaPath);
    expect(file).toContain(join('project', 'media', 'transcoded'));
    const probe = execFileSync(locateMediaTools().ffprobe!, [
      '-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,nb_read_frames', '-of', 'csv=p=0', file!,
    ]).toString().trim();
    expect(probe).toBe('h264,12');

    const missing = await studio.dispatch('media.transcode', { episodeId: rows[0].id, camera: 'nope', jobId: 't2' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await studio.close();
  });
});
