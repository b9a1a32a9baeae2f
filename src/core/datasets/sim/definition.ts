/**
 * A dataset definition: the few numbers that name a sample dataset. The sim expands it the same way
 * on every machine, so the definitions (not the videos) are what the repository keeps.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TASK_FAMILIES, VARIANTS, type TaskFamily, type VariantName } from '../../../sim/contracts';
import { DatasetGenerationError } from './errors';

export const MAX_EPISODES = 100_000;
export const MAX_IMAGE_SIDE = 1920;

/** Either a list (equal weights) or a map of name -> relative weight. */
const mix = z.union([
  z.array(z.string()).min(1, { error: 'must list at least one name' }),
  z.record(z.string(), z.number().finite().min(0, { error: 'weights must be >= 0' })),
]);

const imageSide = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .min(16, { error: `${what} must be at least 16` })
    .max(MAX_IMAGE_SIDE, { error: `${what} must be at most ${MAX_IMAGE_SIDE}` })
    .refine((v) => v % 2 === 0, { error: `${what} must be even (H.264 yuv420p needs even sizes)` });

export const definitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, { error: 'use letters, digits, ".", "_" and "-"' }).optional(),
    description: z.string().optional(),
    seed: z
      .number({ error: 'seed must be a number' })
      .int({ error: 'seed must be an integer' })
      .min(0, { error: 'seed must be >= 0' })
      .max(2 ** 32 - 1, { error: 'seed must fit in 32 bits' }),
    episodes: z
      .number({ error: 'episodes must be a number' })
      .int({ error: 'episodes must be an integer' })
      .min(1, { error: 'episodes must be at least 1' })
      .max(MAX_EPISODES, { error: `episodes must be at most ${MAX_EPISODES}` }),
    families: mix,
    variants: mix.default(['in_distribution']),
    resolution: z.object({ width: imageSide('width'), height: imageSide('height') }).strict(),
  })
  .strict();

export type DefinitionInput = z.input<typeof definitionSchema>;

export interface DatasetDefinition {
  name: string;
  description: string;
  seed: number;
  episodes: number;
  /** Normalised to weights that sum to 1, in the sim's canonical order. */
  families: { family: TaskFamily; weight: number }[];
  variants: { variant: VariantName; weight: number }[];
  resolution: { width: number; height: number };
}

/** Validates a parsed definition; `source` (a file name) prefixes every message. */
export function parseDefinition(input: unknown, source = 'definition'): DatasetDefinition {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new DatasetGenerationError(`invalid dataset definition ${source}:\n${lines.join('\n')}`);
  }
  const d = parsed.data;
  const fallbackName = basename(source).replace(/\.json$/i, '');
  return {
    name: d.name ?? (/^[a-z0-9][a-z0-9._-]*$/i.test(fallbackName) ? fallbackName : 'dataset'),
    description: d.description ?? '',
    seed: d.seed,
    episodes: d.episodes,
    families: normaliseMix(d.families, TASK_FAMILIES, 'task family', source).map(([family, weight]) => ({ family, weight })),
    variants: normaliseMix(d.variants, VARIANTS, 'variant', source).map(([variant, weight]) => ({ variant, weight })),
    resolution: d.resolution,
  };
}

function normaliseMix<T extends string>(
  value: string[] | Record<string, number>,
  allowed: readonly T[],
  what: string,
  source: string,
): [T, number][] {
  const entries: [string, number][] = Array.isArray(value) ? value.map((name) => [name, 1]) : Object.entries(value);
  const weights = new Map<T, number>();
  for (const [name, weight] of entries) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw new DatasetGenerationError(
        `invalid dataset definition ${source}: unknown ${what} "${name}"; expected one of: ${allowed.join(', ')}`,
      );
    }
    if (weights.has(name as T)) {
      throw new DatasetGenerationError(`invalid dataset definition ${source}: ${what} "${name}" is listed twice`);
    }
    weights.set(name as T, weight);
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    throw new DatasetGenerationError(`invalid dataset definition ${source}: the ${what} weights must not all be 0`);
  }
  return allowed.filter((name) => (weights.get(name) ?? 0) > 0).map((name) => [name, weights.get(name)! / total]);
}

/**
 * The folder of built-in definitions (`datasets/` at the project root). Found by walking up to the
 * package root, because this file runs both from src/ and from one bundled file under out/.
 */
export function builtInDefinitionsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'datasets'))) return join(dir, 'datasets');
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../datasets');
    dir = parent;
  }
}

export function listBuiltInDefinitions(dir = builtInDefinitionsDir()): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/** A path to a JSON file, or the name of a built-in definition such as "sample". */
/** The task families a definition's episodes are drawn from, or null when it draws from all of them. */
export function shownFamilies(d: DatasetDefinition): TaskFamily[] | null {
  const shown = d.families.filter((f) => f.weight > 0).map((f) => f.family);
  return shown.length < TASK_FAMILIES.length ? shown : null;
}

export function loadDefinition(ref: string, dir = builtInDefinitionsDir()): DatasetDefinition {
  const looksLikePath = ref.endsWith('.json') || ref.includes('/') || ref.includes('\\');
  const path = looksLikePath ? resolve(ref) : join(dir, `${ref}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const known = listBuiltInDefinitions(dir);
    const hint = looksLikePath ? '' : `; built-in definitions: ${known.join(', ') || '(none)'}`;
    throw new DatasetGenerationError(`cannot read dataset definition "${ref}" (${path}): ${code ?? String(err)}${hint}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DatasetGenerationError(`dataset definition ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseDefinition(json, path);
}
