/**
 * The action signals of the selected episodes, checked whole before training: every episode has one,
 * with the same dims, and no NaN or infinity (named by episode, frame and dim).
 */
import { ApiError } from '../../../shared/contract/errors';
import { NonFiniteActionError, computeActionStatistics, type ActionStatistics } from '../../../shared/training/normalize';
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
