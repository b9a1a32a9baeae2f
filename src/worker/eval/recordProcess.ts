/**
 * The worker's evaluate mode with an outDir: records every rollout, says so per episode, and ends with
 * the summary. The host cancels with { type: 'cancel' } over IPC (Ctrl-C when run by hand): the current
 * batch of steps finishes, finished rollouts stay, and the summary says cancelled.
 */
import { CancelRecord, RecordReply } from '../../shared/rollouts/messages';
import { suiteEpisodes } from '../../sim/suite';
import { selectBackend } from '../backend/select';
import { parseRecordRequest, recordCheckpoint } from './recordCheckpoint';

function send(message: RecordReply): Promise<void> {
  const checked = RecordReply.parse(message);
  if (process.send) return new Promise((done) => process.send!(checked, () => done()));
  process.stdout.write(JSON.stringify(checked) + '\n');
  return Promise.resolve();
}

/** Errors are replied, not thrown; the caller disconnects. */
export async function runRecordingProcess(input: unknown): Promise<void> {
  const controller = new AbortController();
  const onMessage = (message: unknown) => {
    if (CancelRecord.safeParse(message).success) controller.abort();
  };
  const onSigint = () => controller.abort();
  process.on('message', onMessage);
  process.on('SIGINT', onSigint);
  try {
    const request = parseRecordRequest(input);
    const total = suiteEpisodes({ variants: request.variants, episodesPerVariant: request.episodes, ...(request.seeds && { seeds: request.seeds }) }).length;
    const backend = await selectBackend();
    await send({ type: 'started', backend: backend.package, total });
    let done = 0;
    const summary = await recordCheckpoint(request, {
      signal: controller.signal,
      onEpisode: (r) => void send({ type: 'episode', done: ++done, total, ...r }),
    });
    await send({ type: 'summary', summary });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  } finally {
    process.off('message', onMessage);
    process.off('SIGINT', onSigint);
  }
}
