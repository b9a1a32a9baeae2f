import { execFile } from 'node:child_process';
import { locateMediaTools } from '../../media/ffmpeg';
import type { VideoProbe } from './types';

/** `ST4VLA_FFPROBE` wins; otherwise the media layer's choice (the system's ffprobe first). */
export function ffprobePath(): string {
  const fromEnv = process.env.ST4VLA_FFPROBE;
  if (fromEnv) return fromEnv;
  const found = locateMediaTools().ffprobe;
  if (!found) throw new ProbeError('no ffprobe found: install ffmpeg (it ships ffprobe) to import videos');
  return found;
}

export class ProbeError extends Error {}

function run(file: string): Promise<string> {
  const args = [
    '-v', 'error',
    '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,pix_fmt,r_frame_rate,avg_frame_rate,nb_frames,duration:format=duration',
    '-of', 'json',
    file,
  ];
  return new Promise((resolve, reject) => {
    execFile(ffprobePath(), args, { maxBuffer: 1 << 20, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new ProbeError(stderr.trim() || err.message));
      else resolve(stdout);
    });
  });
}

function rate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const [num, den] = value.split('/').map(Number);
  if (!num || !Number.isFinite(num)) return null;
  const r = den ? num / den : num;
  return Number.isFinite(r) && r > 0 ? r : null;
}

function positive(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function parseProbe(json: string): VideoProbe {
  const parsed = JSON.parse(json) as { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  const stream = parsed.streams?.[0];
  if (!stream || typeof stream.codec_name !== 'string') throw new ProbeError('no video stream');
  const fps = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate);
  const durationSec = positive(stream.duration) ?? positive(parsed.format?.duration);
  // Containers such as mkv/webm carry no frame count; duration x fps is then the best cheap guess.
  const counted = positive(stream.nb_frames);
  const frameCount = counted ?? (durationSec && fps ? Math.round(durationSec * fps) : null);
  return {
    codec: stream.codec_name,
    width: Number(stream.width) || 0,
    height: Number(stream.height) || 0,
    pixFmt: typeof stream.pix_fmt === 'string' ? stream.pix_fmt : null,
    fps,
    frameCount,
    durationSec,
  };
}

/** Reads the container header only (no decoding), so it costs milliseconds even for long videos. */
export async function probeVideoHeader(file: string): Promise<VideoProbe> {
  return parseProbe(await run(file));
}
