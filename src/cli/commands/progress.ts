import type { JobProgress } from '../../shared/contract/domain';

/**
 * Turns a job's progress events into stderr lines a person can follow and a log can keep: one line when
 * the phase changes, then at most one a second, and always the last.
 */
export function createProgressPrinter(write: (line: string) => void, now: () => number = Date.now, everyMs = 1000) {
  let phase: string | undefined;
  let lastAt = -Infinity;
  return (p: JobProgress): void => {
    const at = now();
    if (p.phase === phase && !p.finished && at - lastAt < everyMs) return;
    phase = p.phase;
    lastAt = at;
    const count = p.total > 0 ? ` ${p.done}/${p.total}` : '';
    const percent = p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)}%)` : '';
    write(`${p.kind}: ${p.phase}${count}${percent}${p.message ? ` - ${p.message}` : ''}`);
  };
}
