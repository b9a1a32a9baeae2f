/**
 * What a frame source needs from a decoder, so that its scheduling can be tested without WebCodecs.
 * Samples are named by decode index; frames come back named by rank (presentation order).
 */
import type { PlayerError } from '../errors';

export interface DecoderSink<F> {
  frame(rank: number, frame: F): void;
  error(error: PlayerError): void;
}

export interface DecoderPort {
  /** Queues the sample with decode index d; resolves when the decoder can take more. */
  decode(d: number): Promise<void>;
  /** Emits every frame still inside the decoder; the next sample must then be a keyframe. */
  flush(): Promise<void>;
  /** Drops queued samples and pending frames; the next sample must be a keyframe. */
  reset(): void;
  close(): void;
}
