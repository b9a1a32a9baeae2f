/**
 * The API the playback probe page puts on `globalThis.playbackProbe`, shared by the frame-exactness
 * e2e test and bench/seek. Plain data only: both sides type-check without each other's libraries.
 */
import type { EpisodeDetail } from '../../../src/shared/contract/domain';

export interface ProbeCameraState {
  name: string;
  status: string;
  error: string | null;
}

export interface ProbeTiming {
  /** From the command to the frame being drawn on every camera's canvas. */
  ms: number;
  frame: number;
}

export interface ProbePlayback {
  presented: number;
  dropped: number;
  late: number;
  /** Frame shown when playback was stopped. */
  frame: number;
  /** Whether every camera's canvas showed the same frame index at every present. */
  inStep: boolean;
  /** Longest time between two presents while playing, and the frame after it. */
  worstGapMs: number;
  worstGapFrame: number;
}

export interface ProbeApi {
  load(episode: EpisodeDetail): Promise<{ state: string; cameras: ProbeCameraState[] }>;
  /** Seeks and waits until the frame is on every canvas. */
  show(frame: number): Promise<ProbeTiming>;
  /** Steps and waits until the new frame is on every canvas. */
  step(delta: number): Promise<ProbeTiming>;
  /** Whether every camera has `frame` decoded already (a seek to it would be a cache hit). */
  cached(frame: number): boolean;
  /** The camera canvas's RGBA pixels, base64. */
  pixels(camera: string): { width: number; height: number; rgba: string };
  /** Plays for `ms` at `speed`, then pauses; what the clock counted meanwhile. */
  play(ms: number, speed: number): Promise<ProbePlayback>;
  unload(): void;
}

export const PROBE_GLOBAL = 'playbackProbe';
