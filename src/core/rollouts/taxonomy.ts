/**
 * The project's failure taxonomy (an ordered list of tags, DEFAULT_FAILURE_TAGS until edited) and the
 * one confirmed tag of a rollout. Errors name the field, so the review can show them as they are.
 */
import { ApiError } from '../../shared/contract/errors';
import { DEFAULT_FAILURE_TAGS } from '../../shared/rollouts/record';
import type { Repositories, TaxonomyTag } from '../db/repositories';

const SEEDED_KEY = 'failure_taxonomy_seeded';

const DEFAULT_DESCRIPTIONS: Record<(typeof DEFAULT_FAILURE_TAGS)[number], string> = {
  wrong_object: 'Went for another object than the instruction named (a grounding failure).',
  missed_grasp: 'Reached the right object but did not hold it (a control failure).',
  dropped_object: 'Held the object and lost it on the way.',
  wrong_place: 'Put the object down somewhere else than asked.',
  timeout: 'Ran out of steps.',
  workspace_violation: 'Left the workspace or hit its limits.',
  other: 'None of the above.',
};

/** The taxonomy, writing the default one the first time a project needs it (and never again, so edits stay). */
export function ensureTaxonomy(repos: Repositories): TaxonomyTag[] {
  if (repos.meta.get(SEEDED_KEY) === undefined) {
    repos.transaction(() => {
      let position = repos.rolloutCatalog.taxonomy().length;
      for (const name of DEFAULT_FAILURE_TAGS) {
        if (repos.rolloutCatalog.tagId(name) === undefined) repos.rolloutCatalog.addTag(name, DEFAULT_DESCRIPTIONS[name], null, position++);
      }
      repos.meta.set(SEEDED_KEY, String(Date.now()));
    });
  }
  return repos.rolloutCatalog.taxonomy();
}

export interface TaxonomyEntry {
  name: string;
  description?: string;
  color?: string | null;
  /** The tag's current name when this entry renames it; rollouts tagged with it keep it under the new name. */
  from?: string;
}

/**
 * Replaces the taxonomy with the given list, in its order. Tags left out are removed, which is refused
 * while a rollout is confirmed with one (retag those first); all or nothing.
 */
export function setTaxonomy(repos: Repositories, entries: TaxonomyEntry[]): TaxonomyTag[] {
  return repos.transaction(() => {
    const current = ensureTaxonomy(repos);
    const byName = new Map(current.map((t) => [t.name.toLowerCase(), t]));
    const seen = new Set<string>();
    const kept = new Set<number>();
    const plan = entries.map((entry, i) => {
      const name = entry.name.trim();
      if (!name) throw new ApiError('bad_request', `tags.${i}.name: a tag needs a name`);
      if (seen.has(name.toLowerCase())) throw new ApiError('bad_request', `tags.${i}.name: "${name}" is listed twice`);
      seen.add(name.toLowerCase());
      const existing = byName.get((entry.from ?? name).toLowerCase());
      if (entry.from !== undefined && !existing) {
        throw new ApiError('not_found', `tags.${i}.from: there is no tag "${entry.from}" to rename`);
      }
      if (existing) {
        if (kept.has(existing.id)) throw new ApiError('bad_request', `tags.${i}: "${existing.name}" is kept twice`);
        kept.add(existing.id);
      }
      return { entry: { ...entry, name }, existing, position: i };
    });
    const removed = current.filter((t) => !kept.has(t.id));
    const inUse = removed.find((t) => t.rolloutCount > 0);
    if (inUse) {
      throw new ApiError(
        'conflict',
        `tags: "${inUse.name}" is the confirmed tag of ${inUse.rolloutCount} rollout(s); retag them or rename it instead of removing it`,
      );
    }
    for (const tag of removed) repos.rolloutCatalog.deleteTag(tag.id, tag.name);
    // Two passes so that swapping names (a → b, b → a) does not trip the unique name.
    for (const { existing, position } of plan) {
      if (existing) repos.rolloutCatalog.updateTag(existing.id, existing.name, { ...existing, name: `#renaming#${existing.id}`, position });
    }
    for (const { entry, existing, position } of plan) {
      const description = entry.description ?? existing?.description ?? '';
      const color = entry.color === undefined ? (existing?.color ?? null) : entry.color;
      if (existing) repos.rolloutCatalog.updateTag(existing.id, `#renaming#${existing.id}`, { name: entry.name, description, color, position });
      else repos.rolloutCatalog.addTag(entry.name, description, color, position);
    }
    return repos.rolloutCatalog.taxonomy();
  });
}

/** Confirms (or changes, or with null clears) the failure tag of a rollout; the tag must be in the taxonomy. */
export function tagRollout(repos: Repositories, rolloutId: number, tag: string | null, author: string): void {
  repos.transaction(() => {
    if (!repos.rolloutCatalog.get(rolloutId)) throw new ApiError('not_found', `id: there is no rollout ${rolloutId}`);
    let tagId: number | null = null;
    if (tag !== null) {
      const taxonomy = ensureTaxonomy(repos);
      tagId = repos.rolloutCatalog.tagId(tag) ?? null;
      if (tagId === null) {
        throw new ApiError('bad_request', `tag: "${tag}" is not in the project's failure taxonomy (${taxonomy.map((t) => t.name).join(', ')})`);
      }
    }
    repos.rolloutCatalog.setTag(rolloutId, tagId, author);
  });
}
