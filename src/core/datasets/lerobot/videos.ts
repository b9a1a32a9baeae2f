import type { EpisodeSource, ReadContext } from './context';
import { describeError } from './errors';
import type { DeclaredCamera } from './features';
import { probeVideoHeader } from './probe';
import type { EpisodeRows } from './rows';
import type { EpisodeVideo, LeRobotCamera, VideoProbe } from './types';

/** ffprobe is a process each; a few at a time keeps two cores busy without thrashing. */
const PROBE_CONCURRENCY = 4;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Probes every referenced video file once (v3.0 episodes share files). A file ffprobe cannot read
 * is a warning and counts as missing: the episode's data is still worth importing.
 */
export async function probeAll(ctx: ReadContext, sources: EpisodeSource[]): Promise<Map<string, VideoProbe | null>> {
  const files = [...new Set(sources.flatMap((s) => s.videos.map((v) => v.file)))];
  let done = 0;
  const probes = await mapLimit(files, PROBE_CONCURRENCY, async (file) => {
    ctx.options.signal?.throwIfAborted();
    try {
      return await (ctx.options.probe ?? probeVideoHeader)(file);
    } catch (err) {
      ctx.log.add(file, 'video stream', `ffprobe cannot read it (${describeError(err)}); treated as missing`);
      return null;
    } finally {
      ctx.options.onProgress?.({ stage: 'video', done: ++done, total: files.length });
    }
  });
  return new Map(files.map((f, i) => [f, probes[i] ?? null]));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Checks the frame count a video promises for an episode against the rows the data has. */
function checkFrames(ctx: ReadContext, video: EpisodeVideo, episode: number, rows: number): void {
  if (video.frameCount === rows) return;
  const where = video.toTimestamp > 0 ? ` (${round(video.fromTimestamp)}s..${round(video.toTimestamp)}s)` : '';
  ctx.log.add(video.file, video.cameraKey, `episode ${episode}: ${video.frameCount} video frames${where} for ${rows} data rows`);
}

/**
 * A frame is looked up at `fromTimestamp + timestamp`. Some exporters shift the column by a frame
 * (GR00T's demo starts at 0.05 s at 20 fps), so the last rows would seek past the last frame; the
 * player has to clamp, and the user should know. Warned once per camera.
 */
function checkTimeRange(ctx: ReadContext, video: EpisodeVideo, episode: number, timestamps: Float64Array): void {
  const fps = video.probe.fps ?? ctx.info.fps;
  const last = video.fromTimestamp + (timestamps[timestamps.length - 1] ?? 0);
  const lastFrame = video.toTimestamp - 1 / fps;
  if (last <= lastFrame + 0.5 / fps) return;
  const first = round(timestamps[0] ?? 0);
  ctx.log.add(
    video.file,
    `${video.cameraKey} timestamp`,
    `episode ${episode}: rows reach ${round(last)}s, the last video frame is at ${round(lastFrame)}s (first timestamp ${first}s); the last rows seek past the end of the video`,
    `time-range:${video.cameraKey}`,
  );
}

function episodeVideo(ctx: ReadContext, cam: DeclaredCamera, ref: EpisodeSource['videos'][number], probe: VideoProbe, rows: number): EpisodeVideo {
  const fps = probe.fps ?? cam.fps;
  if (ref.toTimestamp === null) {
    const frameCount = probe.frameCount ?? rows;
    return { ...ref, toTimestamp: probe.durationSec ?? frameCount / fps, frameCount, probe };
  }
  if (probe.durationSec !== null && ref.toTimestamp > probe.durationSec + 0.5 / fps) {
    ctx.log.add(ref.file, `${cam.key} to_timestamp`, `${round(ref.toTimestamp)}s is past the end of the file (${round(probe.durationSec)}s)`);
  }
  return { ...ref, toTimestamp: ref.toTimestamp, frameCount: Math.round((ref.toTimestamp - ref.fromTimestamp) * fps), probe };
}

function describeEpisodes(indices: number[]): string {
  const shown = indices.slice(0, 10).join(', ');
  return indices.length > 10 ? `${shown} and ${indices.length - 10} more` : shown;
}

/**
 * Attaches videos to episodes and settles the camera list. A declared camera without a single
 * readable file is dropped (with a warning) rather than kept empty: a camera the studio can never
 * show would only confuse the episode view. A camera missing in some episodes is kept; those
 * episodes simply have no video entry for it.
 */
export function attachVideos(
  ctx: ReadContext,
  episodes: EpisodeRows[],
  probes: Map<string, VideoProbe | null>,
): { cameras: LeRobotCamera[]; videos: Map<number, EpisodeVideo[]> } {
  const videos = new Map<number, EpisodeVideo[]>(episodes.map((e) => [e.source.index, []]));
  const cameras: LeRobotCamera[] = [];
  for (const cam of ctx.cameras) {
    const missing: number[] = [];
    let firstMissing: string | null = null;
    let first: VideoProbe | null = null;
    for (const ep of episodes) {
      const ref = ep.source.videos.find((v) => v.cameraKey === cam.key);
      const probe = ref ? probes.get(ref.file) : null;
      if (!ref || !probe) {
        missing.push(ep.source.index);
        firstMissing ??= ref?.file ?? ep.source.missingVideos.get(cam.key) ?? null;
        continue;
      }
      first ??= probe;
      const video = episodeVideo(ctx, cam, ref, probe, ep.timestamps.length);
      checkFrames(ctx, video, ep.source.index, ep.timestamps.length);
      checkTimeRange(ctx, video, ep.source.index, ep.timestamps);
      videos.get(ep.source.index)?.push(video);
    }
    const field = `features["${cam.key}"]`;
    const expected = firstMissing ? ` (first expected: ${ctx.log.relative(firstMissing)})` : '';
    if (!first) {
      ctx.log.add(ctx.infoFile, field, `declared camera has no video files for any of ${episodes.length} episodes${expected}; camera not imported`);
      continue;
    }
    if (missing.length > 0) {
      ctx.log.add(ctx.infoFile, field, `no video for episode(s) ${describeEpisodes(missing)}${expected}; those episodes have no frames for this camera`);
    }
    if (cam.codec && cam.codec !== first.codec) {
      ctx.log.add(ctx.infoFile, `${field} video.codec`, `says ${cam.codec}, the files are ${first.codec}; using ${first.codec}`);
    }
    cameras.push({
      key: cam.key,
      name: cam.name,
      width: first.width || cam.width,
      height: first.height || cam.height,
      codec: first.codec,
      pixFmt: first.pixFmt ?? cam.pixFmt,
      fps: first.fps ?? cam.fps,
    });
  }
  return { cameras, videos };
}
