/**
 * Decodes a run of consecutive frames of a video, squashed to size x size RGB, into one buffer in one
 * ffmpeg process. Area averaging matches the 224 px resize InternVLA's clients do (cv2 INTER_AREA).
 * A video that ends early is not an error here: the caller learns how many frames really came.
 */
import { locateMediaTools, type MediaTools } from '../../media/ffmpeg';
import { rawRunArgs, streamRawFrames, type FrameRun } from '../../media/rawFrames';

export interface SquareRun extends FrameRun {
  size: number;
}

export const squareRunArgs = (run: SquareRun): string[] => rawRunArgs(run, ['-vf', `scale=${run.size}:${run.size}:flags=area`]);

/** Fills `out` (count x size x size x 3 bytes) and resolves with the number of whole frames decoded. */
export async function decodeSquareRun(
  run: SquareRun,
  out: Uint8Array,
  onFrames?: (decoded: number) => void,
  signal?: AbortSignal,
  tools: MediaTools = locateMediaTools(),
): Promise<number> {
  const frameBytes = run.size * run.size * 3;
  const capacity = Math.floor(out.length / frameBytes);
  const onFrame = (rgb: Uint8Array, index: number) => {
    if (index >= capacity) return;
    out.set(rgb, index * frameBytes);
    onFrames?.(index + 1);
  };
  const decoded = await streamRawFrames(run.file, squareRunArgs(run), frameBytes, onFrame, signal, tools);
  return Math.min(decoded, capacity);
}
