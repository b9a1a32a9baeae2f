/**
 * The action signals of the selected episodes, checked whole before training: every episode has one,
 * with the same dims, and no NaN or infinity (named by episode, frame and dim).
 */
import { ApiError } from '../../../shared/contract/errors';
import { NonFiniteActionError, computeActionStatistics, computeStateStatistics, type ActionStatistics } from '../../../shared/training/normalize';
import type { Episode } from '../../db/repositories/episodes';
import type { Project } from '../../project/project';

export interface EpisodeActions {
  dimNames: string[];
  episodes: Map<number, Float32Array>;
  statistics: ActionStatistics;
}

export function episodeLabel(project: Project, episode: Episode): string {
  const dataset = project.repos.datasets.get(episode.datasetId);
  return `episode ${episode.index} of dataset "${dataset?.name ?? episode.datasetId}" (id ${episode.id})`;
}

export function loadEpisodeActions(
  project: Project,
  episodes: readonly Episode[],
  options: { gripper?: readonly (string | number)[]; gripperThreshold?: number } = {},
): EpisodeActions {
  let dimNames: string[] | null = null;
  let first = '';
  const values = new Map<number, Float32Array>();
  const labelled: { label: string; values: Float32Array }[] = [];
  for (const episode of episodes) {
    const label = episodeLabel(project, episode);
    const signal = project.repos.signals.get(episode.id, 'action');
    if (!signal) throw new ApiError('bad_request', `${label} has no action signal to train on`);
    if (dimNames === null) [dimNames, first] = [signal.dimNames, label];
    else if (signal.dimNames.join('\u0000') !== dimNames.join('\u0000')) {
      throw new ApiError('bad_request', `${label} has action dims [${signal.dimNames.join(', ')}], but ${first} has [${dimNames.join(', ')}]: train on datasets with the same action space`);
    }
    values.set(episode.id, signal.values);
    labelled.push({ label, values: signal.values });
  }
  if (dimNames === null) throw new ApiError('bad_request', 'episodes: the selection is empty');
  try {
    return { dimNames, episodes: values, statistics: computeActionStatistics(labelled, dimNames, options) };
  } catch (error) {
    if (error instanceof NonFiniteActionError) throw new ApiError('bad_request', error.message, { episode: error.label, frame: error.frame, dim: error.dim });
    throw new ApiError('bad_request', (error as Error).message);
  }
}

export interface EpisodeStates {
  dimNames: string[];
  /** Frames aligned with the episode's actions. */
  episodes: Map<number, Float32Array>;
}

/**
 * The robot state of every selected episode, for a policy that takes it: its statistics go beside the
 * actions' (statistics.state). Null, with the reason, when an episode has no state, the dims differ or
 * its frames do not match its actions: the run then trains on images and text alone.
 */
export function loadEpisodeStates(project: Project, episodes: readonly Episode[], actions: EpisodeActions): { states: EpisodeStates | null; why?: string } {
  let dimNames: string[] | null = null;
  const values = new Map<number, Float32Array>();
  const labelled: { label: string; values: Float32Array }[] = [];
  for (const episode of episodes) {
    const label = episodeLabel(project, episode);
    const signal = project.repos.signals.get(episode.id, 'state');
    if (!signal) return { states: null, why: `${label} has no state` };
    dimNames ??= signal.dimNames;
    if (signal.dimNames.join('\u0000') !== dimNames.join('\u0000')) return { states: null, why: `${label} has other state dims` };
    const frames = actions.episodes.get(episode.id)!.length / actions.dimNames.length;
    if (signal.values.length !== frames * dimNames.length) return { states: null, why: `${label} has ${signal.values.length / dimNames.length} state frames for ${frames} action frames` };
    values.set(episode.id, signal.values);
    labelled.push({ label, values: signal.values });
  }
  if (dimNames === null) return { states: null, why: 'no episodes' };
  try {
    actions.statistics.state = computeStateStatistics(labelled, dimNames);
  } catch (error) {
    const message = (error as Error).message.replace(/^action of/, 'state of');
    if (error instanceof NonFiniteActionError) throw new ApiError('bad_request', message, { episode: error.label, frame: error.frame, dim: error.dim });
    throw new ApiError('bad_request', message);
  }
  return { states: { dimNames, episodes: values } };
}
