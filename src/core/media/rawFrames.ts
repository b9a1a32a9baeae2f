/**
 * A run of consecutive frames of a video decoded to packed RGB in one ffmpeg process (start-up costs more
 * than decoding a few dozen small frames, so never one process per frame). The tracker and the training
 * frame cache both read frames this way; each frame is handed over as soon as it is whole, so the bytes of
 * a long run are never all held here.
 */
import { spawn } from 'node:child_process';
import { FfmpegError, locateMediaTools, type MediaTools } from './ffmpeg';

export interface FrameRun {
  file: string;
  /** Seconds into the file of the run's first frame (its pts in the frame index). */
  start: number;
  fps: number;
  count: number;
}

export class DecodeCancelled extends Error {
  constructor() {
    super('decoding was cancelled');
    this.name = 'DecodeCancelled';
  }
}

/** ffmpeg arguments: accurate seek, the first video stream, exactly `count` frames through `scale`, packed RGB. */
export function rawRunArgs(run: FrameRun, scale: string[]): string[] {
  // Half a frame early, so rounding in stored timestamps cannot skip the first frame; ffmpeg's accurate
  // seek (before -i) decodes from the previous keyframe and drops every frame before this point.
  const seek = run.start - 0.5 / run.fps;
  return [
    '-v', 'error', '-nostdin', ...(seek > 0 ? ['-ss', seek.toFixed(6)] : []), '-i', run.file, '-map', '0:v:0',
    // -vsync 0 (not -fps_mode): the bundled fallback ffmpeg is 4.x; it passes frames through, no duplicates.
    '-frames:v', String(run.count), '-vsync', '0', ...scale, '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-',
  ];
}

/**
 * Runs ffmpeg with `args` and calls `onFrame` with each whole frame of `frameBytes` (the same buffer each
 * time: copy what you keep) and its index; resolves with the number of whole frames. A failed ffmpeg
 * rejects with its last words; an abort kills it and rejects with DecodeCancelled.
 */
export function streamRawFrames(
  file: string,
  args: string[],
  frameBytes: number,
  onFrame: (frame: Uint8Array, index: number) => void,
  signal?: AbortSignal,
  tools: MediaTools = locateMediaTools(),
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DecodeCancelled());
    const current = new Uint8Array(frameBytes);
    let filled = 0;
    let frames = 0;
    let stderr = '';
    const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - at);
        current.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          onFrame(current, frames++);
          filled = 0;
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (err) => reject(new FfmpegError(`cannot run ${tools.ffmpeg}: ${err.message}`)));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new DecodeCancelled());
      if (code !== 0) return reject(new FfmpegError(`ffmpeg could not decode ${file} (${sig ?? `exit ${code}`})`, stderr));
      resolve(frames);
    });
  });
}
