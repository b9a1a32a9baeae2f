import type { FrameRenderer, FrameTruth, RecordedEpisode, TaskFamily, VariantName } from '../../../sim/contracts';
import type { CameraSpec } from '../../../sim/types';

/**
 * The three sim entry points the generator drives. Passed in rather than imported so that the writer
 * can be tested with synthetic episodes and the studio can swap in another world.
 */
export interface SimBackend {
  recordEpisode(input: { seed: number; variant: VariantName; family: TaskFamily }): RecordedEpisode | Promise<RecordedEpisode>;
  createRenderer(camera: CameraSpec): FrameRenderer;
  episodeGroundTruth(episode: RecordedEpisode, cameras: CameraSpec[]): FrameTruth[];
}
