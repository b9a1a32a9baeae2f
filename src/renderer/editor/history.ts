import type { ChangeBatch } from './types';

/**
 * The local undo and redo stacks of committed batches. The backend keeps the persisted log; this copy lets
 * undo show at once (optimistically) and tells the timeline which frame each step was made on.
 */
export class History {
  private undoStack: ChangeBatch[] = [];
  private redoStack: ChangeBatch[] = [];

  constructor(private readonly limit = 500) {}

  /** A new edit forgets the redo branch, as in every editor users know. */
  push(batch: ChangeBatch): void {
    this.undoStack.push(batch);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  /** The batch to invert, moved onto the redo stack. */
  undo(): ChangeBatch | null {
    const batch = this.undoStack.pop();
    if (!batch) return null;
    this.redoStack.push(batch);
    return batch;
  }

  redo(): ChangeBatch | null {
    const batch = this.redoStack.pop();
    if (!batch) return null;
    this.undoStack.push(batch);
    return batch;
  }

  /** Forget batches the backend refused: they never happened, so neither undo nor redo may replay them. */
  drop(ids: ReadonlySet<string>): void {
    this.undoStack = this.undoStack.filter((b) => !ids.has(b.id));
    this.redoStack = this.redoStack.filter((b) => !ids.has(b.id));
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** The frame undo would take the timeline back to. */
  get nextUndoFrame(): number | null {
    return this.undoStack[this.undoStack.length - 1]?.frame ?? null;
  }
}
