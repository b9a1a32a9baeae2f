/**
 * The WebCodecs side of a frame source: feeds samples to a VideoDecoder with the sample's rank as
 * its timestamp, so each VideoFrame that comes out names its own frame.
 */
import type { HttpByteSource } from '../media/byteSource';
import type { FrameIndex } from '../media/frameIndex';
import type { DecoderPort, DecoderSink } from './decoderPort';

export interface WebDecoderOptions {
  config: VideoDecoderConfig;
  index: FrameIndex;
  bytes: Pick<HttpByteSource, 'read' | 'readSync'>;
  /** Chunks queued in the decoder before `decode` waits; small keeps resets and flushes quick. */
  maxQueue?: number;
}

export function createWebDecoderPort(options: WebDecoderOptions, sink: DecoderSink<VideoFrame>): DecoderPort {
  const { config, index, bytes } = options;
  const maxQueue = options.maxQueue ?? 6;
  const decoder = new VideoDecoder({
    output: (frame) => sink.frame(frame.timestamp, frame),
    error: (error) => sink.error({ kind: 'decode', message: error.message }),
  });
  decoder.configure(config);

  const dequeued = () => new Promise<void>((resolve) => decoder.addEventListener('dequeue', () => resolve(), { once: true }));

  return {
    async decode(d) {
      const sample = index.samples[d]!;
      const data = bytes.readSync(sample.offset, sample.size) ?? (await bytes.read(sample.offset, sample.size));
      if (decoder.state !== 'configured') return;
      decoder.decode(new EncodedVideoChunk({ type: sample.isSync ? 'key' : 'delta', timestamp: index.rankOfDecode[d]!, data }));
      while (decoder.state === 'configured' && decoder.decodeQueueSize > maxQueue) await dequeued();
    },
    async flush() {
      if (decoder.state === 'configured') await decoder.flush();
    },
    reset() {
      if (decoder.state === 'closed') return;
      decoder.reset();
      decoder.configure(config);
    },
    close() {
      if (decoder.state !== 'closed') decoder.close();
    },
  };
}
