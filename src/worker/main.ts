/**
 * The training worker process the studio forks (src/core/training/workerEntry.ts); built as worker.mjs.
 * With the argument `evaluate` it runs a checkpoint in the tabletop environment instead (st4vla demo).
 */
import { runEvaluationProcess } from './eval/process';
import { runWorker } from './host';
import { trainPolicy } from './train/run';

if (process.argv[2] === 'evaluate') void runEvaluationProcess(process.argv.slice(3));
else runWorker(trainPolicy);
