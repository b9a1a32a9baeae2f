/**
 * The other design: the backend extracts a frame with ffmpeg per request. Measured here as one
 * ffmpeg run per random seek (accurate -ss: seek to the keyframe, decode up to the frame), from
 * spawn to the RGBA frame in Node, before any transfer to the renderer or drawing.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export function extractFrame(file: string, frame: number, fps: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', String(frame / fps), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || bytes === 0) reject(new Error(`ffmpeg failed on ${file} frame ${frame}`));
      else resolve(performance.now() - start);
    });
  });
}
