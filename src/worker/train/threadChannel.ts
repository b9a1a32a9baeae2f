/**
 * A worker thread spoken to one request at a time, shared by the data-parallel trainers: each request
 * gets the next reply, a reply of kind 'error' rejects it, and a thread that fails or exits rejects
 * what is pending and everything after, naming the thread.
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts `<name>.mjs` beside the calling module when bundled, or `<name>.ts` through tsx from source
 * (worker threads do not inherit tsx's loader, so ts-thread.mjs registers it first).
 */
export function startThread(callerUrl: string, name: string, workerData: unknown): Worker {
  const source = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${source ? 'ts' : 'mjs'}`, callerUrl);
  return source
    ? new Worker(new URL('./ts-thread.mjs', import.meta.url), { workerData: { ...(workerData as object), entry: entry.href } })
    : new Worker(entry, { workerData });
}

export class ThreadChannel<Request, Reply extends { kind: string }> {
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  /** Set before terminating, so the exit reads as a close rather than a crash. */
  closing = false;

  constructor(
    readonly worker: Worker,
    readonly name: string,
  ) {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(new Error(`${name} failed: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`${name} exited with code ${code}${this.closing ? ' (closed)' : ''}`)));
  }

  /** The next reply; rejects if the thread reports an error or has died. */
  next(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  ask(request: Request): Promise<Reply> {
    const reply = this.next();
    if (!this.failure) this.worker.postMessage(request);
    return reply;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const p = this.pending;
    this.pending = null;
    if (reply.kind === 'error') p?.reject(new Error(`${this.name}: ${(reply as unknown as { message: string }).message}`));
    else p?.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
  }
}
