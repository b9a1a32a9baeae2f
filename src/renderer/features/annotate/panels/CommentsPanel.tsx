/**
 * Comments pinned to frames of the open episode: read them in frame order, click one to go to its
 * frame, write one at the current frame (optionally pinned to the camera being annotated), delete one.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { Comment } from '../../../../shared/contract/domain';
import { Button } from '../../../components/Button';
import { ErrorNotice, toErrorView } from '../../../components/ErrorNotice';
import { getStudioClient } from '../../../platform/client';
import { CommentsModel, relativeTime, type CommentsState } from './comments';
import type { WorkspaceContext } from './types';
import './CommentsPanel.css';

/** Unsent text per episode, so switching tabs or episodes does not throw a half-written comment away. */
const drafts = new Map<number, string>();

const FAILED_TITLE = { load: 'Could not load the comments', add: 'The comment was not saved', delete: 'The comment was not deleted' } as const;

export function CommentsPanel({ ctx }: { ctx: WorkspaceContext }) {
  const episodeId = ctx.episode.id;
  const model = useMemo(() => new CommentsModel(getStudioClient(), episodeId), [episodeId]);
  useEffect(() => model.start(), [model]);
  const state = useSyncExternalStore(model.subscribe, () => model.snapshot);
  const [draft, setDraftState] = useState(() => drafts.get(episodeId) ?? '');
  useEffect(() => setDraftState(drafts.get(episodeId) ?? ''), [episodeId]);
  const setDraft = (text: string) => {
    drafts.set(episodeId, text);
    setDraftState(text);
  };

  const add = async (text: string, frame: number, camera: string | null) => {
    if (await model.add(frame, text, camera)) setDraft('');
  };

  return (
    <CommentsPanelView
      state={state}
      frame={ctx.frame}
      camera={ctx.camera}
      draft={draft}
      onDraft={setDraft}
      onAdd={(pin) => void add(draft.trim(), ctx.frame, pin ? ctx.camera : null)}
      onDelete={(id) => void model.remove(id)}
      onSeek={ctx.seek}
      onDismiss={() => model.clearError()}
    />
  );
}

export interface CommentsPanelViewProps {
  state: CommentsState;
  frame: number;
  camera: string;
  draft: string;
  onDraft(text: string): void;
  onAdd(pinToCamera: boolean): void;
  onDelete(id: number): void;
  onSeek(frame: number): void;
  onDismiss(): void;
  /** For screenshots and tests: the time "x min ago" counts from. */
  now?: number;
}

export function CommentsPanelView(props: CommentsPanelViewProps) {
  const { state, frame, camera, draft, onDraft, onAdd, onDelete, onSeek, onDismiss } = props;
  const [pin, setPin] = useState(false);
  const now = useNow(props.now);
  const listRef = useRef<HTMLOListElement>(null);
  const here = state.comments.filter((c) => c.frame === frame).length;

  // The comments of the frame the player reaches come into view, without pulling the list while nothing is there.
  useEffect(() => {
    if (here > 0) listRef.current?.querySelector('.comment--here')?.scrollIntoView?.({ block: 'nearest' });
  }, [frame, here]);

  const canSend = draft.trim().length > 0 && !state.adding;
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter breaks the line, as in chat.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (canSend) onAdd(pin);
    }
  };

  return (
    <div className="comments" data-count={state.comments.length}>
      <div className="comments__head">
        <span>{state.loaded ? `${state.comments.length} comment${state.comments.length === 1 ? '' : 's'}` : 'Loading…'}</span>
        {here > 0 && <span className="comments__here">{here} at this frame</span>}
      </div>
      {state.loaded && state.comments.length === 0 && state.failed !== 'load' ? (
        <p className="comments__empty muted">No comments yet. Write one below to pin it to frame {frame}.</p>
      ) : null}
      <ol className="comments__list" ref={listRef}>
        {state.comments.map((c) => (
          <CommentItem
            key={c.id}
            comment={c}
            here={c.frame === frame}
            now={now}
            deleting={state.deleting.includes(c.id)}
            onSeek={onSeek}
            onDelete={onDelete}
          />
        ))}
      </ol>
      {state.error && state.failed ? (
        <ErrorNotice error={toErrorView(state.error, FAILED_TITLE[state.failed])} onDismiss={onDismiss} />
      ) : null}
      <form
        className="comments__compose"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSend) onAdd(pin);
        }}
      >
        <textarea
          className="input comments__text"
          aria-label="New comment"
          placeholder={`Comment on frame ${frame}…`}
          rows={3}
          maxLength={10_000}
          value={draft}
          onChange={(e) => onDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="comments__actions">
          <label className="checkbox" title="Pin the comment to this camera as well as to the frame">
            <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} />
            <span>
              pin to <span className="mono">{camera}</span>
            </span>
          </label>
          <Button size="sm" variant="primary" type="submit" disabled={!canSend}>
            {state.adding ? 'Saving…' : `Add at frame ${frame}`}
          </Button>
        </div>
      </form>
    </div>
  );
}

function CommentItem(props: {
  comment: Comment;
  here: boolean;
  now: number;
  deleting: boolean;
  onSeek(frame: number): void;
  onDelete(id: number): void;
}) {
  const { comment: c, here, now, deleting, onSeek, onDelete } = props;
  // Deleting cannot be undone, so it takes a second click on the same spot.
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`comment${here ? ' comment--here' : ''}`} data-comment-id={c.id} data-frame={c.frame} aria-current={here ? 'true' : undefined}>
      <button type="button" className="comment__body" onClick={() => onSeek(c.frame)} title={`Go to frame ${c.frame}`}>
        <span className="comment__meta">
          <span className="comment__frame mono">#{c.frame}</span>
          {c.camera && <span className="comment__camera mono">{c.camera}</span>}
          <span className="comment__author">{c.author}</span>
          <time className="comment__time muted" dateTime={new Date(c.createdAt).toISOString()} title={new Date(c.createdAt).toLocaleString()}>
            {relativeTime(c.createdAt, now)}
          </time>
        </span>
        <span className="comment__text">{c.text}</span>
      </button>
      {confirming ? (
        <span className="comment__confirm">
          <Button size="sm" variant="danger" disabled={deleting} onClick={() => onDelete(c.id)}>
            {deleting ? 'Deleting…' : 'Delete'}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </span>
      ) : (
        <button type="button" className="comment__delete" aria-label="Delete comment" title="Delete this comment (cannot be undone)" onClick={() => setConfirming(true)}>
          ×
        </button>
      )}
    </li>
  );
}

/** The current time, moved on every half minute so "x min ago" stays true while the panel is open. */
function useNow(fixed: number | undefined): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [fixed]);
  return fixed ?? now;
}
