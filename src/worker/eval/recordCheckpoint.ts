/**
 * A checkpoint's recording evaluation from a request (the worker's evaluate mode with an outDir, the
 * bench): loads the checkpoint, runs the suite through recordSuite and frees the model.
 */
import type { z } from 'zod';
import { RecordRequest, type RecordSummary } from '../../shared/rollouts/messages';
import { DISPLAY_RESOLUTION } from '../../sim/camera';
import { checkpointChunkPolicy } from './checkpointChunks';
import { loadCheckpointPolicy } from './policyRunner';
import { defaultQuestions } from './questions';
import { recordSuite, type EpisodeReport } from './record';

export interface RecordCheckpointOptions {
  signal?: AbortSignal;
  onEpisode?: (report: EpisodeReport) => void;
}

/** A bad field is an error naming it. */
export function parseRecordRequest(input: unknown): z.output<typeof RecordRequest> {
  const parsed = RecordRequest.safeParse(input);
  if (!parsed.success) {
    throw new Error(`evaluate: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export async function recordCheckpoint(input: RecordRequest, options: RecordCheckpointOptions = {}): Promise<RecordSummary> {
  const request = parseRecordRequest(input);
  const size = request.size ?? DISPLAY_RESOLUTION;
  const questions = request.questions ?? defaultQuestions();
  const loaded = await loadCheckpointPolicy(request.checkpointDir, { ...(request.camera && { camera: request.camera }), ...(request.secondCamera && { secondCamera: request.secondCamera }) });
  try {
    const schedule = request.ensemble ? { ensemble: request.ensemble } : { execute: request.execute ?? 1 };
    return await recordSuite(checkpointChunkPolicy(loaded, { source: size, seed: request.seed, questions, grounding: request.grounding }), {
      outDir: request.outDir,
      size,
      schedule,
      suite: {
        variants: request.variants, episodesPerVariant: request.episodes, baseSeed: request.seed, batchSize: request.batchSize,
        ...(request.seeds && { seeds: request.seeds }), ...(request.families && { families: request.families }),
      },
      ...(request.ffmpeg && { tools: { ffmpeg: request.ffmpeg, ffprobe: null, source: 'system' as const } }),
      meta: { checkpoint: request.checkpointDir, policy: 'checkpoint', grounding: request.grounding },
      ...(options.signal && { signal: options.signal }),
      ...(options.onEpisode && { onEpisode: options.onEpisode }),
    });
  } finally {
    loaded.dispose();
  }
}
