/**
 * One window's annotation session on one episode: the headless editor, the backend calls that keep it
 * in step, and the messages to show. No React here, so it is tested with a fake client.
 *
 * The backend is the source of truth for history: undo and redo are the backend's (its edit log
 * survives restarts and is shared by windows), and the editor is rebuilt from `annotations.list` after
 * each, rather than stepping the editor's local history, which another window may have overtaken.
 */
import type { StudioClient } from '../../../shared/contract/client';
import type { Annotation as WireAnnotation, ApplyAnnotations, HistoryState } from '../../../shared/contract/domain';
import { Editor, type OutboxItem } from '../../editor/editor';
import { fromWire, toApply } from '../../editor/wire';
import type { ChangeBatch } from '../../editor/types';

export type SessionClient = Pick<StudioClient, 'call' | 'on'>;

export interface SessionOptions {
  client: SessionClient;
  episodeId: number;
  /** Frames in the episode. */
  length: number;
  /** Identifies this window, so it can skip the echo of its own edits. */
  clientId: string;
  /** Moves the player (undo and redo bring the timeline back to the edit's frame). */
  seek(frame: number): void;
}

export type SessionStatus = 'loading' | 'ready' | 'error';

export interface StoredMeta {
  author: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * A User Timing mark for bench/annotate (open and round-trip phases). Only the newest of each name is
 * kept, so a long session does not pile them up; a PerformanceObserver still sees every one.
 */
function mark(name: string, detail?: unknown): void {
  performance.clearMarks(name);
  performance.mark(name, { detail });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error));

/** A command's name as the person reads it: "moveAnnotation" → "move annotation". */
export const commandWords = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export class AnnotateSession {
  editor: Editor;
  status: SessionStatus = 'loading';
  /** What the backend refused or what failed last; cleared by dismiss() and by the next success. */
  error: string | null = null;
  /** A short note that is not an error (nothing to undo). */
  note: string | null = null;
  /** What undo and redo would revert, from the backend's shared history; null until known. */
  history: HistoryState | null = null;
  /** Backend calls queued or in flight: the view shows "saving…" while any are. */
  pending = 0;
  /** Bumped on every change of the editor, the status or the messages (a useSyncExternalStore key). */
  version = 0;
  private readonly listeners = new Set<() => void>();
  /** Backend calls run one at a time, in the order the edits were made. */
  private queue: Promise<void> = Promise.resolve();
  /**
   * Who stored each annotation and when, as the backend last answered (the editor's document does not carry
   * them). updatedAt is sent as baseUpdatedAt, since a batch made before the last save carries an older one.
   */
  private readonly versions = new Map<string, StoredMeta>();
  /** Batches a refusal rolled back that may still sit in the queue. */
  private readonly dropped = new Set<string>();
  private offEditor: () => void = () => {};
  private offEvents: () => void = () => {};
  /** Set when another window changed the episode during a gesture: reload once the gesture is over. */
  private stale = false;
  private disposed = false;

  constructor(private readonly options: SessionOptions) {
    this.editor = this.adopt([]);
  }

  /** Loads the episode's annotations and follows other windows' edits; returns the stop function. */
  start(): () => void {
    this.offEvents = this.options.client.on('annotations.changed', (e) => {
      if (e.episodeId !== this.options.episodeId || e.by === this.options.clientId) return;
      if (this.editor.inGesture) this.stale = true;
      else void this.reload();
    });
    void this.reload();
    return () => this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.offEvents();
    this.offEditor();
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Author and times of every annotation as stored; the Annotations panel shows them without asking for the list again. */
  get stored(): ReadonlyMap<string, StoredMeta> {
    return this.versions;
  }

  /** Sends what the editor has queued for the backend; call after every tool event. */
  flush(camera: string): void {
    for (const item of this.editor.takeOutbox()) this.send(item, camera);
    if (this.stale && !this.editor.inGesture) {
      this.stale = false;
      void this.reload();
    }
  }

  undo(): Promise<void> {
    return this.step('history.undo', 'Nothing to undo');
  }

  redo(): Promise<void> {
    return this.step('history.redo', 'Nothing to redo');
  }

  /** Re-reads every annotation of the episode after the calls already queued. */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      mark('annotate:list-start');
      const list = await this.options.client.call('annotations.list', { episodeId: this.options.episodeId });
      mark('annotate:list-end', { count: list.length });
      this.replace(list);
      mark('annotate:adopted', { count: list.length });
      await this.refreshHistory();
    });
  }

  dismiss(): void {
    this.error = null;
    this.note = null;
    this.emit();
  }

  /** The calls queued so far have all been answered (tests and the e2e wait on it). */
  settled(): Promise<void> {
    return this.queue;
  }

  private step(method: 'history.undo' | 'history.redo', nothing: string): Promise<void> {
    if (this.editor.inGesture) this.editor.cancel();
    return this.enqueue(async () => {
      const step = await this.options.client.call(method, { episodeId: this.options.episodeId, clientId: this.options.clientId });
      if (!step) {
        this.note = nothing;
        this.emit();
        return;
      }
      this.note = `${method === 'history.undo' ? 'Undid' : 'Redid'} ${commandWords(step.command)}`;
      const list = await this.options.client.call('annotations.list', { episodeId: this.options.episodeId });
      this.replace(list);
      if (step.frame !== null) this.options.seek(step.frame);
      await this.refreshHistory();
    });
  }

  private send(item: OutboxItem, camera: string): void {
    // Local undo/redo items never arise here: history goes to the backend directly (see undo()).
    if (item.type !== 'apply') return;
    const batch = item.batch;
    void this.enqueue(async () => {
      if (this.dropped.has(batch.id)) return;
      try {
        mark('annotate:apply-sent');
        const result = await this.options.client.call('annotations.apply', this.request(batch, camera));
        mark('annotate:apply-acked');
        this.remember(result.annotations);
        for (const id of result.deleted) this.versions.delete(id);
        this.editor.acknowledge(batch.id);
        this.error = null;
        this.note = null;
        await this.refreshHistory();
      } catch (error) {
        for (const id of this.editor.reject(batch.id)) this.dropped.add(id);
        this.error = `"${batch.name}" was not saved: ${messageOf(error)}`;
        this.emit();
      }
    }, { report: false, now: true });
  }

  /** The buttons' state only: a failure here leaves them as they were rather than showing an error. */
  private async refreshHistory(): Promise<void> {
    try {
      this.history = await this.options.client.call('history.state', { episodeId: this.options.episodeId });
    } catch {
      this.history = null;
    }
  }

  private request(batch: ChangeBatch, camera: string): ApplyAnnotations {
    const request = toApply(batch, { episodeId: this.options.episodeId, camera, clientId: this.options.clientId });
    request.changes = request.changes.map((c) => {
      if (c.op === 'create') return c;
      const known = this.versions.get(c.id)?.updatedAt;
      return known === undefined ? c : { ...c, baseUpdatedAt: known };
    });
    return request;
  }

  private remember(annotations: readonly WireAnnotation[]): void {
    for (const a of annotations) this.versions.set(a.id, { author: a.author, createdAt: a.createdAt, updatedAt: a.updatedAt });
  }

  private replace(list: readonly WireAnnotation[]): void {
    if (this.disposed) return;
    this.versions.clear();
    this.remember(list);
    const selection = this.editor.selection;
    this.editor = this.adopt(list.map(fromWire));
    this.editor.select(selection);
    this.status = 'ready';
    this.emit();
  }

  private adopt(annotations: ReturnType<typeof fromWire>[]): Editor {
    this.offEditor();
    const editor = new Editor({ length: this.options.length, annotations });
    this.offEditor = editor.subscribe(() => this.emit());
    return editor;
  }

  /**
   * Runs `job` after every call queued before it; a failure shows as the session's error unless the job
   * handles it (`report` false). `now`: start at once when nothing is queued rather than a microtask later.
   */
  private enqueue(job: () => Promise<void>, { report = true, now = false } = {}): Promise<void> {
    const idle = now && this.pending === 0;
    this.pending++;
    const run = async () => {
      try {
        if (!this.disposed) await job();
      } catch (error) {
        if (report) {
          if (this.status === 'loading') this.status = 'error';
          this.error = messageOf(error);
        }
      } finally {
        this.pending--;
        if (this.pending === 0) mark('annotate:settled');
        this.emit();
      }
    };
    // An edit starts at once when idle, so its request is on the wire before React re-renders the workspace
    // for it: that render was queued as a microtask by the editor's change, ahead of a chained job. Loads keep
    // their microtask, behind what the mount asks first (the label classes, whose names the first paint needs).
    this.queue = idle ? run() : this.queue.then(run);
    return this.queue;
  }

  private emit(): void {
    if (this.disposed) return;
    this.version++;
    for (const l of this.listeners) l();
  }
}
