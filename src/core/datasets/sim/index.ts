/** The sim dataset generator: definitions in, LeRobot v2.1 datasets with ground truth out. */
export type { SimBackend } from './backend';
export { builtInDefinitionsDir, listBuiltInDefinitions, loadDefinition, parseDefinition, type DatasetDefinition } from './definition';
export { DatasetGenerationError } from './errors';
export { expandDefinition, type EpisodeSpec } from './expand';
export { generateDataset, type GenerateOptions } from './generate';
export { GROUND_TRUTH_PATH, META } from './layout';
export { verifySimDataset } from './verify';
export { writeSimDataset, type GenerationProgress, type GenerationResult, type WriteOptions } from './writer';
