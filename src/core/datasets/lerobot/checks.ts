import type { ReadContext } from './context';
import type { EpisodeRows } from './rows';

/**
 * Cross-checks the totals info.json and the episode metadata declare against what was read. None
 * of these stop an import: the rows and files are the truth, the declarations only warn.
 */
export function checkDeclaredCounts(ctx: ReadContext, episodes: EpisodeRows[], taskCount: number, episodesFile: string): void {
  const { info, log, infoFile } = ctx;
  const frames = episodes.reduce((a, e) => a + e.timestamps.length, 0);
  for (const e of episodes) {
    const declared = e.source.declaredLength;
    if (declared !== null && declared !== e.timestamps.length) {
      log.add(episodesFile, 'length', `episode ${e.source.index} declares ${declared} frames, its data has ${e.timestamps.length} rows; using ${e.timestamps.length}`);
    }
  }
  if (info.total_episodes !== undefined && info.total_episodes !== episodes.length) {
    log.add(infoFile, 'total_episodes', `declares ${info.total_episodes}, ${episodes.length} were read`);
  }
  if (info.total_frames !== undefined && info.total_frames !== frames) {
    log.add(infoFile, 'total_frames', `declares ${info.total_frames}, ${frames} were read`);
  }
  if (info.total_tasks !== undefined && taskCount > 0 && info.total_tasks !== taskCount) {
    log.add(infoFile, 'total_tasks', `declares ${info.total_tasks}, ${taskCount} tasks were read`);
  }
  checkChunks(ctx, episodes);
  checkSplits(ctx, episodes);
}

function checkChunks(ctx: ReadContext, episodes: EpisodeRows[]): void {
  const { info, log, infoFile } = ctx;
  if (info.total_chunks === undefined || episodes.length === 0) return;
  const size = info.chunks_size || 1000;
  const maxIndex = Math.max(...episodes.map((e) => e.source.index));
  const expected = Math.floor(maxIndex / size) + 1;
  if (info.total_chunks === 0) {
    log.add(infoFile, 'total_chunks', `is 0 for ${episodes.length} episodes (expected ${expected}); ignored`);
  } else if (info.total_chunks < expected) {
    log.add(infoFile, 'total_chunks', `is ${info.total_chunks}, the episodes span ${expected} chunk(s) of ${size}`);
  }
}

/** `splits` maps a name to "from:to" over episode indices; a range past the data is a stale export. */
function checkSplits(ctx: ReadContext, episodes: EpisodeRows[]): void {
  const { info, log, infoFile } = ctx;
  const count = episodes.length === 0 ? 0 : Math.max(...episodes.map((e) => e.source.index)) + 1;
  for (const [name, value] of Object.entries(info.splits ?? {})) {
    const match = typeof value === 'string' ? /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(value) : null;
    if (!match) {
      log.add(infoFile, `splits.${name}`, `"${String(value)}" is not a "from:to" range; ignored`);
      continue;
    }
    const to = Number(match[2]);
    if (to > count) log.add(infoFile, `splits.${name}`, `range ${value} reaches past the ${count} episodes present`);
  }
}
