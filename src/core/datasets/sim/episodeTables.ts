/** The per-episode checks and column statistics that do not depend on images. */
import type { RecordedEpisode } from '../../../sim/contracts';
import { ACTION_NAMES, STATE_NAMES } from '../../../sim/types';
import { FPS } from './layout';
import { VectorStats, type FeatureStats } from './stats';

/** Frames kept from a recording: one row per action, each paired with the observation before it. */
export function episodeLength(episode: RecordedEpisode, truthLength: number): number {
  const length = episode.actions.length;
  const lists = { states: episode.states, scenes: episode.scenes, placePoints: episode.placePoints };
  for (const [name, list] of Object.entries(lists)) {
    if (list.length !== length && list.length !== length + 1) {
      throw new Error(`recorded episode has ${length} actions but ${list.length} ${name}`);
    }
  }
  if (truthLength < length) throw new Error(`ground truth has ${truthLength} frames for ${length} actions`);
  if (length === 0) throw new Error('recorded episode has no frames');
  return length;
}

export interface TableIndices {
  episodeIndex: number;
  /** Global index of the episode's first frame. */
  firstIndex: number;
  taskIndex: number;
}

/** LeRobot's per-episode statistics of every non-image column, computed from the values written. */
export function tableStats(episode: RecordedEpisode, length: number, at: TableIndices): Record<string, FeatureStats> {
  const state = new VectorStats(STATE_NAMES.length);
  const action = new VectorStats(ACTION_NAMES.length);
  const scalars = {
    timestamp: (i: number) => Math.fround(i / FPS),
    frame_index: (i: number) => i,
    episode_index: () => at.episodeIndex,
    index: (i: number) => at.firstIndex + i,
    task_index: () => at.taskIndex,
  };
  const scalarStats = Object.keys(scalars).map(() => new VectorStats(1));
  const value = [0];
  for (let i = 0; i < length; i++) {
    // The parquet columns are float32; the stats describe those values, not the float64 originals.
    state.add(Float32Array.from(episode.states[i]!));
    action.add(Float32Array.from(episode.actions[i]!));
    Object.values(scalars).forEach((f, k) => {
      value[0] = f(i);
      scalarStats[k]!.add(value);
    });
  }
  const stats: Record<string, FeatureStats> = { 'observation.state': state.result(), action: action.result() };
  Object.keys(scalars).forEach((name, k) => (stats[name] = scalarStats[k]!.result()));
  return stats;
}
