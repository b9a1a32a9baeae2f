import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../media/ffmpeg';
import type { Project } from '../../project/project';
import { buildFrameCache } from './frameCache';
import { sampleProject } from './testing';

let project: Project;
let datasetId: number;
beforeAll(async () => {
  ({ project, datasetId } = await sampleProject());
}, 60_000);

function sourceVideo(episodeId: number, camera: string): string {
  const cam = project.repos.episodes.camerasOf(episodeId).find((c) => c.name === camera)!;
  return project.repos.datasets.getMediaFile(cam.mediaFileId!)!.path;
}

describe('buildFrameCache', () => {
  it('decodes every frame once into size x size RGB files with an index, reporting progress', async () => {
    const progress: { done: number; total: number }[] = [];
    const cache = await buildFrameCache(project, { datasetId, camera: 'front', size: 64 }, { onProgress: (p) => progress.push(p) });
    expect(cache.reused).toBe(false);
    expect(cache.index.episodes).toHaveLength(4);
    const total = cache.index.episodes.reduce((s, e) => s + e.frames, 0);
    expect(progress.at(-1)).toEqual({ done: total, total });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThan(4);

    // The sample is 64 px already: the cache must hold exactly what ffmpeg decodes from the video.
    const first = cache.index.episodes[0]!;
    expect(first).toMatchObject({ decoded: first.frames, sourceWidth: 64, sourceHeight: 64 });
    const direct = spawnSync(locateMediaTools().ffmpeg, ['-v', 'error', '-i', sourceVideo(first.episodeId, 'front'), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
    const cached = readFileSync(join(cache.dir, first.file));
    expect(cached.length).toBe(first.frames * 64 * 64 * 3);
    expect(cached.equals(direct.stdout.subarray(0, cached.length))).toBe(true);
    expect(readdirSync(dirname(cache.dir)).filter((n) => n.includes('staging'))).toEqual([]);
  }, 60_000);

  it('is reused while the sources are unchanged and rebuilt when a video changes', async () => {
    const again = await buildFrameCache(project, { datasetId, camera: 'front', size: 64 });
    expect(again.reused).toBe(true);
    const episodeId = again.index.episodes[1]!.episodeId;
    const video = sourceVideo(episodeId, 'front');
    const later = new Date(statSync(video).mtimeMs + 5000);
    utimesSync(video, later, later);
    const rebuilt = await buildFrameCache(project, { datasetId, camera: 'front', size: 64 });
    expect(rebuilt.reused).toBe(false);
    expect(rebuilt.index.fingerprint).not.toBe(again.index.fingerprint);
    expect(rebuilt.dir).toBe(again.dir);
    expect((await buildFrameCache(project, { datasetId, camera: 'front', size: 64 })).reused).toBe(true);
  }, 60_000);

  it('keeps one cache per camera and size, scaled to the asked size', async () => {
    const side = await buildFrameCache(project, { datasetId, camera: 'side', size: 96 });
    expect(side.dir).not.toBe((await buildFrameCache(project, { datasetId, camera: 'front', size: 64 })).dir);
    const e = side.index.episodes[0]!;
    expect(statSync(join(side.dir, e.file)).size).toBe(e.frames * 96 * 96 * 3);
  }, 60_000);

  it('refuses a bad request before decoding anything', async () => {
    await expect(buildFrameCache(project, { datasetId, camera: 'wrist', size: 64 })).rejects.toThrow(/no camera "wrist" \(it has "front", "side"\)/);
    await expect(buildFrameCache(project, { datasetId, camera: 'front', size: 300 })).rejects.toThrow(/size: .*64 to 128/);
    await expect(buildFrameCache(project, { datasetId: 999, camera: 'front', size: 64 })).rejects.toThrow(/datasetId: no dataset with id 999/);
  });

  it('leaves the old cache whole when a rebuild is cancelled', async () => {
    const before = await buildFrameCache(project, { datasetId, camera: 'front', size: 64 });
    const video = sourceVideo(before.index.episodes[0]!.episodeId, 'front');
    const later = new Date(statSync(video).mtimeMs + 5000);
    utimesSync(video, later, later);
    const controller = new AbortController();
    const run = buildFrameCache(project, { datasetId, camera: 'front', size: 64 }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(JSON.parse(readFileSync(join(before.dir, 'index.json'), 'utf8')).fingerprint).toBe(before.index.fingerprint);
    expect(readdirSync(dirname(before.dir)).filter((n) => n.includes('staging'))).toEqual([]);
    expect(existsSync(join(before.dir, before.index.episodes[0]!.file))).toBe(true);
  }, 60_000);

  it("fails with ffmpeg's reason on a damaged video and leaves no staging folder", async () => {
    const episodeId = project.repos.episodes.list({ datasetId }).rows[2]!.id;
    writeFileSync(sourceVideo(episodeId, 'side'), 'not a video');
    const run = buildFrameCache(project, { datasetId, camera: 'side', size: 80 });
    await expect(run).rejects.toThrow(/ffmpeg could not decode .*episode_000002\.mp4/);
    const parent = dirname((await buildFrameCache(project, { datasetId, camera: 'front', size: 64 })).dir);
    expect(readdirSync(parent).filter((n) => n.includes('staging'))).toEqual([]);
    expect(readdirSync(parent)).not.toContain('side-80px');
  }, 60_000);
});
