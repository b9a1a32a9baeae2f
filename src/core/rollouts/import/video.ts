/**
 * Bringing one rollout video into a staging folder as `<camera>.mp4`: probed (a file that does not
 * decode is an error naming it), copied when the player decodes it as it is (H.264 4:2:0 in MP4),
 * re-encoded to H.264 otherwise, with timestamps kept so frame i stays step i.
 */
import { copyFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { locateMediaTools, probeVideo, runTool, type VideoInfo } from '../../media/ffmpeg';
import { RolloutImportError } from './errors';

export interface StagedVideo {
  width: number;
  height: number;
  frames: number;
  /** Frames per second the file declares, when it declares one. */
  fps: number | null;
  transcoded: boolean;
}

const COPYABLE_PIX_FMTS = new Set(['yuv420p', 'yuvj420p']);

async function probe(file: string): Promise<VideoInfo & { fps: number | null }> {
  let info: VideoInfo;
  try {
    info = await probeVideo(file);
  } catch (error) {
    throw new RolloutImportError(file, `is not a video that can be decoded (${(error as Error).message.split('\n')[0]})`);
  }
  if (!(info.frames > 0)) throw new RolloutImportError(file, 'holds no video frames');
  return { ...info, fps: await probeFps(file) };
}

/** The declared frame rate; null when ffprobe is missing or the file does not say. */
async function probeFps(file: string): Promise<number | null> {
  const { ffprobe } = locateMediaTools();
  if (!ffprobe) return null;
  try {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=avg_frame_rate,r_frame_rate', '-of', 'json', file]);
    const stream = (JSON.parse(stdout) as { streams?: { avg_frame_rate?: string; r_frame_rate?: string }[] }).streams?.[0];
    for (const rate of [stream?.avg_frame_rate, stream?.r_frame_rate]) {
      const [num, den] = (rate ?? '').split('/').map(Number);
      if (num && den && Number.isFinite(num / den) && num / den > 0 && num / den <= 1000) return num / den;
    }
  } catch {
    // The decode probe already proved the file readable; a missing rate falls back to the format's.
  }
  return null;
}

export async function stageVideo(source: string, target: string): Promise<StagedVideo> {
  const info = await probe(source);
  const copyable = info.codec === 'h264' && COPYABLE_PIX_FMTS.has(info.pixFmt) && ['.mp4', '.m4v', '.mov'].includes(extname(source).toLowerCase());
  if (copyable) {
    await copyFile(source, target);
  } else {
    const gop = String(Math.max(1, Math.round(info.fps ?? 10)));
    try {
      await runTool(locateMediaTools().ffmpeg, [
        // H.264 4:2:0 needs even sizes: an odd edge gets one black column or row (the image is not scaled).
        '-v', 'error', '-y', '-i', source, '-map', '0:v:0', '-an', '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18',
        '-pix_fmt', 'yuv420p', '-g', gop, '-bf', '0', '-fps_mode', 'passthrough', '-movflags', '+faststart', target,
      ]);
    } catch (error) {
      throw new RolloutImportError(source, `could not be converted to H.264 (${(error as Error).message.split('\n')[0]})`);
    }
  }
  const width = copyable ? info.width : info.width + (info.width % 2);
  const height = copyable ? info.height : info.height + (info.height % 2);
  return { width, height, frames: info.frames, fps: info.fps, transcoded: !copyable };
}
