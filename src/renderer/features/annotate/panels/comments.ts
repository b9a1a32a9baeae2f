/**
 * The comments of the open episode, for the Comments panel: loaded from the backend, kept in frame
 * order, reloaded when another window changes them. Plain state with a listener, so it is tested
 * without React; the panel renders it.
 */
import type { StudioClient } from '../../../../shared/contract/client';
import type { Comment } from '../../../../shared/contract/domain';

export interface CommentsState {
  comments: Comment[];
  loaded: boolean;
  /** Why the list could not be loaded, or why the last add or delete failed. */
  error: unknown;
  /** What failed, for the notice's title. */
  failed: 'load' | 'add' | 'delete' | null;
  /** Ids being deleted, and whether an add is on its way. */
  deleting: number[];
  adding: boolean;
}

type Client = Pick<StudioClient, 'call' | 'on'>;

/** Frame order, then oldest first, so a thread at one frame reads top to bottom. */
export function inFrameOrder(comments: readonly Comment[]): Comment[] {
  return [...comments].sort((a, b) => a.frame - b.frame || a.createdAt - b.createdAt || a.id - b.id);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date: enough to tell a fresh remark from an old one. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return `${days} d ago`;
  return new Date(at).toISOString().slice(0, 10);
}

export class CommentsModel {
  private state: CommentsState = { comments: [], loaded: false, error: null, failed: null, deleting: [], adding: false };
  private readonly listeners = new Set<() => void>();
  /** Bumped per load, so a slow answer never overwrites a newer one. */
  private generation = 0;

  constructor(
    private readonly client: Client,
    readonly episodeId: number,
  ) {}

  get snapshot(): CommentsState {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Loads now and follows comments.changed for this episode; returns the unsubscribe. */
  start(): () => void {
    void this.load();
    return this.client.on('comments.changed', ({ episodeId }) => {
      if (episodeId === this.episodeId) void this.load();
    });
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    try {
      const comments = await this.client.call('comments.list', { episodeId: this.episodeId });
      if (generation === this.generation) this.set({ comments: inFrameOrder(comments), loaded: true, ...(this.state.failed === 'load' ? { error: null, failed: null } : {}) });
    } catch (error) {
      if (generation === this.generation) this.set({ loaded: true, error, failed: 'load' });
    }
  }

  /** Resolves true when stored; on false the error is in the state and the caller keeps the typed text. */
  async add(frame: number, text: string, camera: string | null): Promise<boolean> {
    this.set({ adding: true, error: null, failed: null });
    try {
      const comment = await this.client.call('comments.add', {
        episodeId: this.episodeId,
        frame,
        text,
        ...(camera ? { camera } : {}),
      });
      const others = this.state.comments.filter((c) => c.id !== comment.id);
      this.set({ comments: inFrameOrder([...others, comment]), adding: false });
      return true;
    } catch (error) {
      this.set({ adding: false, error, failed: 'add' });
      return false;
    }
  }

  async remove(id: number): Promise<void> {
    this.set({ deleting: [...this.state.deleting, id], error: null, failed: null });
    try {
      await this.client.call('comments.delete', { id });
      this.set({ comments: this.state.comments.filter((c) => c.id !== id) });
    } catch (error) {
      this.set({ error, failed: 'delete' });
    } finally {
      this.set({ deleting: this.state.deleting.filter((d) => d !== id) });
    }
  }

  clearError(): void {
    this.set({ error: null, failed: null });
  }

  private set(patch: Partial<CommentsState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
