import type { Command } from './commands';
import { AnnotationDocument } from './document';
import { History } from './history';
import { isRefusal, type Annotation, type Change, type ChangeBatch, type Refusal } from './types';

/** What the backend must be told, in order: persist a batch, or step its own history. */
export type OutboxItem = { type: 'apply'; batch: ChangeBatch } | { type: 'undo'; batchId: string } | { type: 'redo'; batchId: string };

export interface EditorOptions {
  length: number;
  annotations?: Annotation[];
  newId?: () => string;
}

interface Gesture {
  name: string;
  frame: number;
  applied: Change[];
}

/**
 * The headless annotation editor: a document, its local history, an outbox for the backend, and the
 * selection. Every document change goes through run() or a gesture, so tests drive it without a UI.
 */
export class Editor {
  readonly doc: AnnotationDocument;
  readonly history = new History();
  selection: string[] = [];
  /** Bumped on every change: a cheap snapshot key for useSyncExternalStore or a zustand bridge. */
  version = 0;
  private outbox: OutboxItem[] = [];
  /** Sent but not yet confirmed, oldest first; a refusal rolls back from the refused one on. */
  private pending: ChangeBatch[] = [];
  private gesture: Gesture | null = null;
  private readonly listeners = new Set<() => void>();
  /** Fresh ids for batches and for annotations the tools create. */
  readonly newId: () => string;

  constructor(options: EditorOptions) {
    this.doc = new AnnotationDocument(options.length, options.annotations);
    let n = 0;
    this.newId = options.newId ?? (() => globalThis.crypto?.randomUUID?.() ?? `b${Date.now()}-${n++}`);
  }

  /** Called after every change to the document or selection; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Perform a command as one step. Undoable commands are recorded and queued for the backend. */
  run<A>(cmd: Command<A>, args: A, frame: number): ChangeBatch | Refusal {
    if (this.gesture) return { refused: `finish "${this.gesture.name}" first` };
    const changes = cmd.perform(this.doc, args);
    if (isRefusal(changes)) return changes;
    const batch: ChangeBatch = { id: this.newId(), name: cmd.name, frame, changes };
    this.doc.apply(changes);
    if (cmd.undoable && changes.length > 0) this.record(batch);
    this.emit();
    return batch;
  }

  get inGesture(): boolean {
    return this.gesture !== null;
  }

  /** Start a gesture (a drag, a box being sized). Nothing is recorded or sent until commit(). */
  begin(name: string, frame: number): void {
    if (this.gesture) this.cancel();
    this.gesture = { name, frame, applied: [] };
  }

  /**
   * Replace the gesture's effect with `cmd` applied to the state before begin(): arguments are totals
   * since the start (the whole drag), so there is no drift and a flipped box corner stays the same handle.
   * A refused update leaves the last accepted state on screen.
   */
  update<A>(cmd: Command<A>, args: A): Refusal | null {
    const g = this.gesture;
    if (!g) return { refused: 'no gesture in progress' };
    this.doc.apply(AnnotationDocument.inverse(g.applied));
    const changes = cmd.perform(this.doc, args);
    if (isRefusal(changes)) {
      this.doc.apply(g.applied);
      return changes;
    }
    this.doc.apply(changes);
    g.applied = changes;
    this.emit();
    return null;
  }

  /** End the gesture as one undo step; null when it changed nothing (a click without a drag). */
  commit(): ChangeBatch | null {
    const g = this.gesture;
    this.gesture = null;
    if (!g || g.applied.length === 0) return null;
    const batch: ChangeBatch = { id: this.newId(), name: g.name, frame: g.frame, changes: g.applied };
    this.record(batch);
    this.emit();
    return batch;
  }

  /** Put back exactly what was there before begin(); nothing reaches history or the outbox. */
  cancel(): void {
    const g = this.gesture;
    this.gesture = null;
    if (!g) return;
    this.doc.apply(AnnotationDocument.inverse(g.applied));
    if (g.applied.length) this.emit();
  }

  /** Undo the last step locally and ask the backend to do the same; returns the frame to seek to. */
  undo(): number | null {
    if (this.gesture) this.cancel();
    const batch = this.history.undo();
    if (!batch) return null;
    this.doc.apply(AnnotationDocument.inverse(batch.changes));
    this.outbox.push({ type: 'undo', batchId: batch.id });
    this.emit();
    return batch.frame;
  }

  redo(): number | null {
    if (this.gesture) this.cancel();
    const batch = this.history.redo();
    if (!batch) return null;
    this.doc.apply(batch.changes);
    this.outbox.push({ type: 'redo', batchId: batch.id });
    this.emit();
    return batch.frame;
  }

  /** Hand over what the backend has not been told yet (annotations.apply / history.undo / history.redo). */
  takeOutbox(): OutboxItem[] {
    const items = this.outbox;
    this.outbox = [];
    return items;
  }

  /** The backend stored this batch: it can no longer be rolled back by a refusal. */
  acknowledge(batchId: string): void {
    this.pending = this.pending.filter((b) => b.id !== batchId);
  }

  /**
   * The backend refused a batch: undo it locally, and every later unconfirmed batch too, since they were
   * made on top of it. Returns the ids rolled back so the UI can say what was lost.
   */
  reject(batchId: string): string[] {
    const at = this.pending.findIndex((b) => b.id === batchId);
    if (at < 0) return [];
    if (this.gesture) this.cancel();
    const dropped = this.pending.slice(at);
    this.pending = this.pending.slice(0, at);
    for (const b of [...dropped].reverse()) {
      try {
        this.doc.apply(AnnotationDocument.inverse(b.changes));
      } catch {
        // Already undone locally (the user pressed undo before the refusal arrived): nothing left to revert.
      }
    }
    const ids = new Set(dropped.map((b) => b.id));
    this.history.drop(ids);
    this.outbox = this.outbox.filter((o) => (o.type === 'apply' ? !ids.has(o.batch.id) : !ids.has(o.batchId)));
    this.emit();
    return [...ids];
  }

  select(ids: string[]): void {
    this.selection = ids.filter((id) => this.doc.has(id));
    this.emit();
  }

  private record(batch: ChangeBatch): void {
    this.history.push(batch);
    this.outbox.push({ type: 'apply', batch });
    this.pending.push(batch);
  }

  private emit(): void {
    this.selection = this.selection.filter((id) => this.doc.has(id));
    this.version++;
    for (const l of this.listeners) l();
  }
}
