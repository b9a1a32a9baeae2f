/**
 * Decodes a run of consecutive frames of a video to grey levels (one ffmpeg process, media/rawFrames).
 * Grey levels are the BT.601 luma of the decoded RGB (toGrey), the same images the tracker benchmark and
 * its tests use; each frame is converted as soon as it arrives.
 */
import { toGrey, type GreyImage } from '../../shared/tracking/image';
import { FfmpegError, locateMediaTools, type MediaTools } from '../media/ffmpeg';
import { rawRunArgs, streamRawFrames, type FrameRun } from '../media/rawFrames';

export { DecodeCancelled } from '../media/rawFrames';

export interface GreyRun extends FrameRun {
  width: number;
  height: number;
}

/** ffmpeg arguments for the run: exactly `count` frames at the camera's size, packed RGB. */
export const greyRunArgs = (run: GreyRun): string[] => rawRunArgs(run, ['-s', `${run.width}x${run.height}`]);

/** The run's frames in stream order; fewer than asked is an error (the frame index promised them). */
export async function decodeGreyRun(run: GreyRun, signal?: AbortSignal, tools: MediaTools = locateMediaTools()): Promise<GreyImage[]> {
  const frames: GreyImage[] = [];
  const onFrame = (rgb: Uint8Array) => frames.push(toGrey(rgb, run.width, run.height, 3));
  await streamRawFrames(run.file, greyRunArgs(run), run.width * run.height * 3, onFrame, signal, tools);
  if (frames.length < run.count) {
    throw new FfmpegError(`${run.file} holds ${frames.length} of the ${run.count} frames expected from ${run.start.toFixed(3)} s`);
  }
  return frames;
}
