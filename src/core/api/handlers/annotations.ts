import { applyChanges } from '../../annotations/apply';
import { defaultAuthor, episodeContext, requireCamera, toContract } from '../../annotations/context';
import { historyState, redo, undo, type Replayed } from '../../annotations/history';
import {
  addComment, createLabel, deleteComment, deleteLabel, listComments, listLabels, updateLabel,
} from '../../annotations/labels';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';

type AnnotationMethods =
  | 'annotations.list' | 'annotations.apply' | 'history.undo' | 'history.redo' | 'history.state'
  | 'labels.list' | 'labels.create' | 'labels.update' | 'labels.delete'
  | 'comments.list' | 'comments.add' | 'comments.delete';

/**
 * Annotations, their history, labels and comments. Every change is announced after its transaction
 * commits, with the caller's clientId, so other windows reload and the caller skips its own echo.
 */
export function annotationHandlers(session: Session, bus: EventBus): Pick<Handlers, AnnotationMethods> {
  const repos = () => session.requireProject().repos;

  const replayed = (episodeId: number, reason: 'undo' | 'redo', by: string | undefined, done: Replayed | null) => {
    if (!done) return null;
    bus.emit('annotations.changed', { episodeId, reason, by, ids: [...done.stored.map((a) => a.id), ...done.deleted] });
    return {
      command: done.command,
      frame: done.frame,
      camera: done.camera,
      annotations: done.stored.map((a) => toContract(done.ctx, a)),
      deleted: done.deleted,
    };
  };

  return {
    'annotations.list': ({ episodeId, camera }) => {
      const ctx = episodeContext(repos(), episodeId);
      const cameraId = camera === undefined ? undefined : requireCamera(ctx, camera, 'camera').id;
      return repos().annotations.listByEpisode(episodeId, cameraId).map((a) => toContract(ctx, a));
    },
    'annotations.apply': (input) => {
      const applied = applyChanges(repos(), input, input.author ?? defaultAuthor());
      const ids = [...applied.stored.map((a) => a.id), ...applied.deleted];
      bus.emit('annotations.changed', { episodeId: input.episodeId, reason: 'apply', by: input.clientId, ids });
      if (applied.started) bus.emit('episodes.reviewChanged', { id: input.episodeId, status: 'in_progress', by: input.clientId });
      return { step: applied.step, annotations: applied.stored.map((a) => toContract(applied.ctx, a)), deleted: applied.deleted };
    },
    'history.undo': ({ episodeId, clientId }) => replayed(episodeId, 'undo', clientId, undo(repos(), episodeId)),
    'history.redo': ({ episodeId, clientId }) => replayed(episodeId, 'redo', clientId, redo(repos(), episodeId)),
    'history.state': ({ episodeId }) => historyState(repos(), episodeId),

    'labels.list': () => listLabels(repos()),
    'labels.create': (input) => {
      const label = createLabel(repos(), input, input.author ?? defaultAuthor());
      bus.emit('labels.changed', { by: input.clientId });
      return label;
    },
    'labels.update': (input) => {
      const label = updateLabel(repos(), input, input.author ?? defaultAuthor());
      bus.emit('labels.changed', { by: input.clientId });
      return label;
    },
    'labels.delete': ({ id, clientId, author }) => {
      deleteLabel(repos(), id, author ?? defaultAuthor());
      bus.emit('labels.changed', { by: clientId });
      return { id };
    },

    'comments.list': ({ episodeId }) => listComments(repos(), episodeId),
    'comments.add': (input) => {
      const comment = addComment(repos(), input, input.author ?? defaultAuthor());
      bus.emit('comments.changed', { episodeId: input.episodeId, by: input.clientId });
      return comment;
    },
    'comments.delete': ({ id, clientId }) => {
      const episodeId = deleteComment(repos(), id);
      bus.emit('comments.changed', { episodeId, by: clientId });
      return { id };
    },
  };
}
