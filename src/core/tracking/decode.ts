/**
 * Decodes a run of consecutive frames of a video to grey levels in one ffmpeg process (start-up costs
 * more than decoding a few dozen small frames, so never one process per frame). Grey levels are the
 * BT.601 luma of the decoded RGB (toGrey), the same images the tracker benchmark and its tests use;
 * each frame is converted as soon as it arrives, so the RGB bytes of a long run are never all held.
 */
import { spawn } from 'node:child_process';
import { toGrey, type GreyImage } from '../../shared/tracking/image';
import { FfmpegError, locateMediaTools, type MediaTools } from '../media/ffmpeg';

export interface GreyRun {
  file: string;
  /** Seconds into the file of the run's first frame (its pts in the frame index). */
  start: number;
  fps: number;
  count: number;
  width: number;
  height: number;
}

export class DecodeCancelled extends Error {
  constructor() {
    super('decoding was cancelled');
    this.name = 'DecodeCancelled';
  }
}

/** ffmpeg arguments for the run: accurate seek, the first video stream, exactly `count` frames of packed RGB. */
export function greyRunArgs(run: GreyRun): string[] {
  // Half a frame early, so rounding in stored timestamps cannot skip the first frame; ffmpeg's accurate
  // seek (before -i) decodes from the previous keyframe and drops every frame before this point.
  const seek = run.start - 0.5 / run.fps;
  return [
    '-v', 'error', '-nostdin', ...(seek > 0 ? ['-ss', seek.toFixed(6)] : []), '-i', run.file, '-map', '0:v:0',
    // -vsync 0 (not -fps_mode): the bundled fallback ffmpeg is 4.x; it passes frames through, no duplicates.
    '-frames:v', String(run.count), '-vsync', '0', '-s', `${run.width}x${run.height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-',
  ];
}

/** The run's frames in stream order; fewer than asked is an error (the frame index promised them). */
export function decodeGreyRun(run: GreyRun, signal?: AbortSignal, tools: MediaTools = locateMediaTools()): Promise<GreyImage[]> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DecodeCancelled());
    const size = run.width * run.height * 3;
    const frames: GreyImage[] = [];
    const current = new Uint8Array(size);
    let filled = 0;
    let stderr = '';
    const child = spawn(tools.ffmpeg, greyRunArgs(run), { stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(size - filled, chunk.length - at);
        current.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === size) {
          frames.push(toGrey(current, run.width, run.height, 3));
          filled = 0;
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (err) => reject(new FfmpegError(`cannot run ${tools.ffmpeg}: ${err.message}`)));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new DecodeCancelled());
      if (code !== 0) return reject(new FfmpegError(`ffmpeg could not decode ${run.file} (${sig ?? `exit ${code}`})`, stderr));
      if (frames.length < run.count) {
        return reject(new FfmpegError(`${run.file} holds ${frames.length} of the ${run.count} frames expected from ${run.start.toFixed(3)} s`, stderr));
      }
      resolve(frames);
    });
  });
}
