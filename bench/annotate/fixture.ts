import { resolve } from 'node:path';

/** The GR00T fixture (5 episodes, one 256×256 camera), read in place as test/e2e/ui.ts does. */
export const GR1_FIXTURE = resolve(import.meta.dirname, '../../../shared/fixtures/lerobot-v2.0-gr1-picknplace');
