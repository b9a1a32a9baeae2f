import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { resolveInProject, type Project } from '../project/project';
import { locateMediaTools, runTool } from './ffmpeg';

/**
 * Re-encodes a video the browser cannot decode (MPEG-4 Part 2, HEVC, ...) to H.264 yuv420p in the
 * project's cache and points its media row there, so every camera and episode sharing the file plays.
 * Timestamps are kept as they are, so frame i stays frame i and v3.0 episode offsets stay valid.
 * A keyframe every second keeps seeking cheap.
 */
export async function transcodeToH264(project: Project, mediaFileId: number, fps: number): Promise<void> {
  const media = project.repos.datasets.getMediaFile(mediaFileId);
  if (!media) throw new Error(`no media file with id ${mediaFileId}`);
  const source = resolveInProject(project, media.path);
  const dir = join(project.paths.media, 'transcoded');
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${mediaFileId}.mp4`);
  const partial = `${target}.${process.pid}.part.mp4`;
  const gop = String(Math.max(1, Math.round(fps)));
  try {
    await runTool(locateMediaTools().ffmpeg, [
      '-v', 'error', '-y', '-i', source, '-map', '0:v:0', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18',
      '-pix_fmt', 'yuv420p', '-g', gop, '-bf', '0', '-fps_mode', 'passthrough', '-movflags', '+faststart', partial,
    ]);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const info = await stat(target);
  project.repos.datasets.replaceMediaFile(mediaFileId, {
    path: relative(project.dir, target),
    inProject: true,
    codec: 'h264',
    pixFmt: 'yuv420p',
    sizeBytes: info.size,
    mtimeMs: Math.round(info.mtimeMs),
  });
}
