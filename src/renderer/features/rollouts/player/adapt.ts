/**
 * A rollout as the episode player plays it: step i is frame i of every camera's video, so the
 * player's clock counts steps. Rollout videos are H.264 (the recorder and importers transcode to it)
 * and start at time 0.
 */
import type { CameraInfo } from '../../../../shared/contract/domain';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { PlayableEpisode } from '../../../playback';

export function rolloutCameras(rollout: Pick<RolloutSummary, 'cameras' | 'steps' | 'fps'>): CameraInfo[] {
  return rollout.cameras.map((c) => ({
    name: c.name,
    width: c.width,
    height: c.height,
    codec: 'h264',
    frameCount: rollout.steps,
    fps: rollout.fps,
    fromTimestamp: 0,
    mediaPath: c.mediaPath,
    playable: true,
  }));
}

export function rolloutAsEpisode(rollout: Pick<RolloutSummary, 'id' | 'cameras' | 'steps' | 'fps'>): PlayableEpisode {
  return { id: rollout.id, length: rollout.steps, fps: rollout.fps, cameras: rolloutCameras(rollout) };
}
