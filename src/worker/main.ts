/** The training worker process the studio forks (src/core/training/workerEntry.ts); built as worker.mjs. */
import { runWorker } from './host';
import { trainPolicy } from './train/run';

runWorker(trainPolicy);
