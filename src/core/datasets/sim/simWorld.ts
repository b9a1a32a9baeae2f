import { createRenderer, episodeGroundTruth, recordEpisode } from '../../../sim/index';
import type { SimBackend } from './backend';

/** The built-in tabletop world: the scripted expert records, the software renderer draws. */
export const simWorld: SimBackend = {
  recordEpisode: (input) => recordEpisode(input),
  createRenderer,
  episodeGroundTruth,
};
