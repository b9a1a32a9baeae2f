/**
 * Decodes a run of consecutive frames of a video, squashed to size x size RGB, into one buffer in one
 * ffmpeg process. Area averaging matches the 224 px resize InternVLA's clients do (cv2 INTER_AREA).
 * A video that ends early is not an error here: the caller learns how many frames really came.
 */
import { spawn } from 'node:child_process';
import { FfmpegError, locateMediaTools, type MediaTools } from '../../media/ffmpeg';
import { DecodeCancelled } from '../../tracking/decode';

export interface SquareRun {
  file: string;
  /** Seconds into the file of the first frame (its pts in the frame index). */
  start: number;
  fps: number;
  count: number;
  size: number;
}

export function squareRunArgs(run: SquareRun): string[] {
  // Half a frame early so rounding in stored timestamps cannot skip the first frame (as decode.ts does).
  const seek = run.start - 0.5 / run.fps;
  return [
    '-v', 'error', '-nostdin', ...(seek > 0 ? ['-ss', seek.toFixed(6)] : []), '-i', run.file, '-map', '0:v:0',
    '-frames:v', String(run.count), '-vsync', '0', '-vf', `scale=${run.size}:${run.size}:flags=area`,
    '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-',
  ];
}

/** Fills `out` (count x size x size x 3 bytes) and resolves with the number of whole frames decoded. */
export function decodeSquareRun(
  run: SquareRun,
  out: Uint8Array,
  onFrames?: (decoded: number) => void,
  signal?: AbortSignal,
  tools: MediaTools = locateMediaTools(),
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DecodeCancelled());
    const frameBytes = run.size * run.size * 3;
    let filled = 0;
    let stderr = '';
    const child = spawn(tools.ffmpeg, squareRunArgs(run), { stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      const n = Math.min(chunk.length, out.length - filled);
      out.set(chunk.subarray(0, n), filled);
      const before = Math.floor(filled / frameBytes);
      filled += n;
      const after = Math.floor(filled / frameBytes);
      if (after > before) onFrames?.(after);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (err) => reject(new FfmpegError(`cannot run ${tools.ffmpeg}: ${err.message}`)));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new DecodeCancelled());
      if (code !== 0) return reject(new FfmpegError(`ffmpeg could not decode ${run.file} (${sig ?? `exit ${code}`})`, stderr));
      resolve(Math.floor(filled / frameBytes));
    });
  });
}
