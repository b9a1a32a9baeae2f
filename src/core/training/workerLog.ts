/**
 * A run's log on disk (<runDir>/worker.log): what its worker said (log messages, stdout, stderr) and how
 * each of its processes started and ended, one timestamped line each, kept across resumes and restarts
 * of the studio so a failed run can still be read the next day.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const WORKER_LOG = 'worker.log';
/** Only this much of the end of the file is read: a tail is all anyone shows. */
const TAIL_BYTES = 1 << 20;

/** The lines as written: each stamped with the time. */
export function stampLines(lines: readonly string[], now = new Date()): string[] {
  const stamp = now.toISOString();
  return lines.map((l) => `${stamp} ${l.replace(/\r?\n/g, ' ')}`);
}

export function appendWorkerLog(runDir: string, stamped: readonly string[]): void {
  if (stamped.length > 0) appendFileSync(join(runDir, WORKER_LOG), stamped.map((l) => `${l}\n`).join(''));
}

/** The last `tail` lines, oldest first; none when the run never wrote one. */
export function readWorkerLog(runDir: string, tail: number): string[] {
  let fd: number;
  try {
    fd = openSync(join(runDir, WORKER_LOG), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift(); // cut mid-line
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-tail);
  } finally {
    closeSync(fd);
  }
}
