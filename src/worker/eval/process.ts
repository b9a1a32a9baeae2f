/**
 * The worker process in evaluation mode (`worker.mjs evaluate '<request json>'`, forked by `st4vla
 * demo`): picks the fastest backend that works, evaluates the checkpoint and sends the result (or the
 * error) to its parent over IPC, or prints it as JSON when run by hand.
 */
import { selectBackend } from '../backend/select';
import { runRecordingProcess } from './recordProcess';
import { evaluatePolicy, type EvaluateOptions, type EvaluationResult } from './evaluate';

export interface EvaluationRequest extends Omit<EvaluateOptions, 'onEpisode'> {
  checkpointDir: string;
}

export type EvaluationReply =
  | { type: 'episode'; who: 'policy' | 'random'; done: number; total: number }
  | { type: 'result'; backend: string; result: EvaluationResult }
  | { type: 'error'; message: string };

export async function runEvaluationProcess(argv: string[]): Promise<void> {
  const reply = (message: EvaluationReply) =>
    process.send ? new Promise<void>((done) => process.send!(message, () => done())) : Promise.resolve(void process.stdout.write(JSON.stringify(message) + '\n'));
  try {
    const request = JSON.parse(argv[0] ?? '') as EvaluationRequest;
    // With an outDir the evaluation records every rollout (recordProcess.ts).
    if (request && typeof request === 'object' && 'outDir' in request) return await runRecordingProcess(request);
    if (typeof request?.checkpointDir !== 'string') throw new Error('evaluate: expected a JSON request with checkpointDir, variants and episodes');
    const backend = await selectBackend();
    const total = request.variants.length * request.episodes * (request.random === false ? 1 : 2);
    let done = 0;
    const result = await evaluatePolicy(request.checkpointDir, {
      ...request,
      onEpisode: (_e, who) => void (process.send && process.send({ type: 'episode', who, done: ++done, total } satisfies EvaluationReply)),
    });
    await reply({ type: 'result', backend: backend.package, result });
  } catch (error) {
    await reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
}
