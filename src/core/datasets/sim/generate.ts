import type { SimBackend } from './backend';
import { loadDefinition, type DatasetDefinition } from './definition';
import { simWorld } from './simWorld';
import { writeSimDataset, type GenerationResult, type WriteOptions } from './writer';

export type GenerateOptions = Omit<WriteOptions, 'backend'> & { backend?: SimBackend };

/** Generates a dataset from a definition (a file path, a built-in name, or a parsed definition) with the real sim. */
export async function generateDataset(definition: string | DatasetDefinition, out: string, options: GenerateOptions = {}): Promise<GenerationResult> {
  const parsed = typeof definition === 'string' ? loadDefinition(definition) : definition;
  return writeSimDataset(parsed, out, { ...options, backend: options.backend ?? simWorld });
}
