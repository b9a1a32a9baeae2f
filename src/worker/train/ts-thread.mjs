// Starts a worker thread from TypeScript source (tests, benchmarks, `npm start`): worker threads do
// not inherit tsx's loader, so the thread registers it before importing its real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
