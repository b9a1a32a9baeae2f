/**
 * Opens one camera of an episode: fetch the mp4's tables, check the codec with WebCodecs, index the
 * frames of the episode, and start fetching the episode's bytes in the background.
 */
import type { CameraInfo } from '../../../shared/contract/domain';
import { PlaybackError } from '../errors';
import { HttpByteSource } from '../media/byteSource';
import { checkDecoderSupport, unsupportedCodec } from '../media/codecSupport';
import { demuxVideoTrack } from '../media/demuxer';
import { buildFrameIndex, type FrameIndex } from '../media/frameIndex';
import { sharedArbiter } from './arbiter';
import type { CameraFrames } from './cameraFrames';
import { FrameSource } from './frameSource';
import { clearCanvas, drawFrame } from './painter';
import { colourFor, streamFacts } from './streamFacts';
import { createWebDecoderPort } from './webDecoder';

export interface OpenCameraOptions {
  camera: CameraInfo;
  url: string;
  fetch?: typeof fetch;
  /** Memory for decoded frames of this camera; decides how many frames are kept. */
  frameBudgetBytes?: number;
  /** Episode bytes fetched ahead of need when they are at most this many. */
  prefetchLimitBytes?: number;
  /** Passed to VideoDecoder.configure; latency mode changes how long frames sit in the decoder. */
  optimizeForLatency?: boolean;
}

const DEFAULT_FRAME_BUDGET = 96 << 20;
const DEFAULT_PREFETCH_LIMIT = 64 << 20;

/** Byte range holding every sample the episode's frames need, from the first frame's keyframe on. */
export function episodeByteSpan(index: FrameIndex): { offset: number; length: number } {
  if (index.length === 0) return { offset: 0, length: 0 };
  let firstDecode = Infinity;
  let lastDecode = -1;
  for (let rank = index.firstRank; rank < index.firstRank + index.length; rank++) {
    const d = index.decodeOfRank[rank]!;
    firstDecode = Math.min(firstDecode, index.keyOfDecode[d]!);
    lastDecode = Math.max(lastDecode, d);
  }
  let start = Infinity;
  let end = 0;
  for (let d = firstDecode; d <= lastDecode; d++) {
    const sample = index.samples[d]!;
    start = Math.min(start, sample.offset);
    end = Math.max(end, sample.offset + sample.size);
  }
  return { offset: start, length: end - start };
}

/** How many frames to keep and decode ahead and behind, from the memory budget and the GOP. */
export function windowFor(width: number, height: number, fps: number, maxGop: number, budgetBytes: number) {
  const frameBytes = Math.max(1, width * height * 1.5);
  const capacity = Math.max(16, Math.min(300, Math.floor(budgetBytes / frameBytes)));
  const ahead = Math.max(8, Math.min(Math.round(fps || 30), Math.floor(capacity / 2) - 1));
  const behind = Math.max(4, Math.min(Math.max(maxGop, 8), capacity - ahead - 4));
  return { capacity, ahead, behind };
}

export async function openCamera(options: OpenCameraOptions): Promise<CameraFrames> {
  const { camera } = options;
  if (!camera.playable) throw new PlaybackError(unsupportedCodec(camera.codec, camera.name));
  const bytes = await HttpByteSource.open(options.url, { fetch: options.fetch });
  const track = await demuxVideoTrack(bytes);
  const facts = await streamFacts(track, bytes);
  const colorSpace = colourFor(facts.colour);
  const config: VideoDecoderConfig = {
    codec: track.codec,
    ...(colorSpace ? { colorSpace } : {}),
    codedWidth: track.codedWidth,
    codedHeight: track.codedHeight,
    ...(track.description ? { description: track.description } : {}),
    ...(options.optimizeForLatency !== undefined ? { optimizeForLatency: options.optimizeForLatency } : {}),
  };
  const unsupported = await checkDecoderSupport(config, camera.name);
  if (unsupported) throw new PlaybackError(unsupported);

  const index = buildFrameIndex({
    samples: track.samples,
    timing: track.timing,
    fromTimestamp: camera.fromTimestamp,
    fps: camera.fps,
    frameCount: camera.frameCount,
  });
  const span = episodeByteSpan(index);
  if (span.length <= (options.prefetchLimitBytes ?? DEFAULT_PREFETCH_LIMIT)) {
    // Errors surface again, typed, when a sample read needs the bytes.
    bytes.prefetch(span.offset, span.length).catch(() => undefined);
  }
  const window = windowFor(track.codedWidth, track.codedHeight, camera.fps, index.maxGop, options.frameBudgetBytes ?? DEFAULT_FRAME_BUDGET);
  const source = new FrameSource<VideoFrame>({
    index,
    createPort: (sink) => createWebDecoderPort({ config, index, bytes }, sink),
    release: (frame) => frame.close(),
    arbiter: sharedArbiter,
    isDisposable: facts.isDisposable,
    ...window,
  });

  return {
    name: camera.name,
    length: source.length,
    get error() {
      return source.error;
    },
    has: (frame) => frame >= source.length || source.has(frame),
    request: (frame, signal) => source.request(frame, signal),
    setPlayhead: (frame, direction) => source.setPlayhead(frame, direction),
    draw(frame, canvas) {
      if (frame >= source.length || frame < 0) {
        clearCanvas(canvas);
        return true;
      }
      const decoded = source.peek(frame);
      if (!decoded) return false;
      drawFrame(canvas, decoded);
      return true;
    },
    close: () => source.close(),
  };
}
