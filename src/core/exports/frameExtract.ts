/**
 * Writes chosen frames of camera videos as size x size PNGs. All frames of one camera come out of one
 * ffmpeg run (ffmpeg start-up costs ~70 ms, more than decoding a short episode), selected by their
 * index in the stream counted from the camera's fromTimestamp.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { locateMediaTools, runTool, type MediaTools } from '../media/ffmpeg';
import { GroundingExportError } from './errors';

export interface FrameRequest {
  frame: number;
  /** Where the PNG goes. */
  output: string;
}

export interface CameraVideo {
  /** Absolute path of the video. */
  file: string;
  fromTimestamp: number;
  fps: number;
  /** For messages. */
  name: string;
}

/** ffmpeg's select filter with commas escaped: frames are picked by decoded index, not by time. */
export function selectExpression(frames: number[]): string {
  return frames.map((n) => `eq(n\\,${n})`).join('+');
}

/** Keeps one ffmpeg argument well under Linux's 128 KiB limit per argument. */
export const MAX_FRAMES_PER_RUN = 2000;

/**
 * Extracts the frames in one pass per MAX_FRAMES_PER_RUN: ffmpeg writes them numbered in stream order
 * to a scratch folder, and they are renamed to their outputs, so a frame missing from the video is
 * noticed by count.
 */
export async function extractFrames(
  video: CameraVideo,
  requests: FrameRequest[],
  size: number,
  scratchDir: string,
  tools: MediaTools = locateMediaTools(),
): Promise<void> {
  const sorted = [...new Map(requests.map((r) => [r.frame, r])).values()].sort((a, b) => a.frame - b.frame);
  for (let at = 0; at < sorted.length; at += MAX_FRAMES_PER_RUN) {
    await extractRun(video, sorted.slice(at, at + MAX_FRAMES_PER_RUN), size, join(scratchDir, String(at)), tools);
  }
  await rm(scratchDir, { recursive: true, force: true });
}

async function extractRun(video: CameraVideo, sorted: FrameRequest[], size: number, scratchDir: string, tools: MediaTools) {
  await mkdir(scratchDir, { recursive: true });
  const filter = `select=${selectExpression(sorted.map((r) => r.frame))},scale=${size}:${size}:flags=bicubic`;
  // Half a frame early, so rounding in the stored start time cannot skip the episode's first frame;
  // ffmpeg's accurate seek drops every frame before the seek point, so n = 0 is that first frame.
  const start = video.fromTimestamp - 0.5 / video.fps;
  const seek = start > 0 ? ['-ss', start.toFixed(6)] : [];
  // -vsync 0 (not -fps_mode) because the bundled fallback ffmpeg is 4.x; it keeps one file per selected frame.
  await runTool(tools.ffmpeg, [
    '-v', 'error', '-nostdin', '-y', ...seek, '-i', video.file, '-map', '0:v:0',
    '-vf', filter, '-vsync', '0', '-start_number', '0', join(scratchDir, '%06d.png'),
  ]);
  const written = (await readdir(scratchDir)).filter((f) => f.endsWith('.png')).sort();
  if (written.length !== sorted.length) {
    const last = sorted.at(-1)!.frame;
    throw new GroundingExportError(
      `${video.name}: asked ffmpeg for ${sorted.length} frame(s) up to frame ${last} of ${video.file} but got ${written.length}; ` +
        'an annotation may lie past the end of its video',
    );
  }
  for (const [i, request] of sorted.entries()) {
    await mkdir(dirname(request.output), { recursive: true });
    await rename(join(scratchDir, written[i]!), request.output);
  }
}
