import type { TaskFamily, VariantName } from '../../../sim/contracts';
import { Rng } from '../../../sim/rng';
import type { DatasetDefinition } from './definition';

/** Everything the sim needs to record one episode of a dataset. */
export interface EpisodeSpec {
  episodeIndex: number;
  seed: number;
  family: TaskFamily;
  variant: VariantName;
}

/**
 * Each episode's seed depends only on the dataset seed and the episode's index, and the task mix is
 * dealt by a smooth weighted round robin over (family, variant) cells. So every prefix of a dataset
 * follows the mix as closely as whole episodes allow, and raising the episode count keeps the
 * episodes already there.
 */
export function expandDefinition(definition: DatasetDefinition): EpisodeSpec[] {
  const cells = definition.families.flatMap(({ family, weight: wf }) =>
    definition.variants.map(({ variant, weight: wv }) => ({ family, variant, weight: wf * wv, credit: 0 })),
  );
  const specs: EpisodeSpec[] = [];
  for (let episodeIndex = 0; episodeIndex < definition.episodes; episodeIndex++) {
    let best = cells[0]!;
    for (const cell of cells) {
      cell.credit += cell.weight;
      if (cell.credit > best.credit) best = cell;
    }
    best.credit -= 1;
    specs.push({
      episodeIndex,
      seed: episodeSeed(definition.seed, episodeIndex),
      family: best.family,
      variant: best.variant,
    });
  }
  return specs;
}

export function episodeSeed(datasetSeed: number, episodeIndex: number): number {
  return new Rng(`${datasetSeed}/episode/${episodeIndex}`).nextUint32();
}
