/**
 * Label classes and frame comments. Label edits are named commands in the project-wide edit log,
 * marked not undoable: undoing a label deletion would have to re-point annotations edited since; the
 * log still tells who changed what and when. Comments stay out of the edit log: an entry in the
 * episode's scope would discard its redo stack, and a comment row already keeps its author and time.
 */
import type { z } from 'zod';
import type { Comment, CommentAdd, LabelClass, LabelCreate, LabelUpdate } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import { LabelClassInUseError, type Repositories } from '../db/repositories/index';
import { checkEditFrame, episodeContext, requireCamera } from './context';

export function listLabels(repos: Repositories): LabelClass[] {
  return repos.labels.list().map((l) => ({ ...l, usage: repos.labels.usage(l.id) }));
}

function labelOut(repos: Repositories, id: number): LabelClass {
  const label = repos.labels.get(id);
  if (!label) throw new ApiError('not_found', `no label with id ${id}`);
  return { ...label, usage: repos.labels.usage(id) };
}

function refuseTakenName(repos: Repositories, name: string, id?: number): void {
  const taken = repos.labels.getByName(name);
  if (taken && taken.id !== id) throw new ApiError('conflict', `a label named "${taken.name}" exists already`);
}

export function createLabel(repos: Repositories, input: z.output<typeof LabelCreate>, author: string): LabelClass {
  return repos.transaction(() => {
    refuseTakenName(repos, input.name);
    const id = repos.labels.insert({ name: input.name, color: input.color, description: input.description });
    const after = labelOut(repos, id);
    logProjectEdit(repos, 'label.create', null, after, author);
    return after;
  });
}

export function updateLabel(repos: Repositories, input: z.output<typeof LabelUpdate>, author: string): LabelClass {
  return repos.transaction(() => {
    const before = labelOut(repos, input.id);
    if (input.name !== undefined) refuseTakenName(repos, input.name, input.id);
    repos.labels.update(input.id, { name: input.name, color: input.color, description: input.description });
    const after = labelOut(repos, input.id);
    logProjectEdit(repos, 'label.update', before, after, author);
    return after;
  });
}

export function deleteLabel(repos: Repositories, id: number, author: string): void {
  repos.transaction(() => {
    const before = labelOut(repos, id);
    try {
      repos.labels.delete(id);
    } catch (error) {
      if (error instanceof LabelClassInUseError) {
        throw new ApiError('conflict', `label "${before.name}" is used by ${error.annotationCount} annotations; relabel or delete them first`);
      }
      throw error;
    }
    logProjectEdit(repos, 'label.delete', before, null, author);
  });
}

function logProjectEdit(repos: Repositories, command: string, before: unknown, after: unknown, author: string): void {
  repos.editLog.append({ episodeId: null, command, undoable: false, forward: { label: after }, backward: { label: before }, author });
}

export function listComments(repos: Repositories, episodeId: number): Comment[] {
  episodeContext(repos, episodeId);
  return repos.comments.listByEpisode(episodeId);
}

export function addComment(repos: Repositories, input: z.output<typeof CommentAdd>, author: string): Comment {
  const ctx = episodeContext(repos, input.episodeId);
  checkEditFrame(ctx, input.frame);
  if (input.camera !== undefined) requireCamera(ctx, input.camera, 'camera');
  return repos.transaction(() => {
    const row = { episodeId: input.episodeId, frame: input.frame, camera: input.camera ?? null, text: input.text, author };
    const id = repos.comments.insert(row);
    return repos.comments.get(id)!;
  });
}

/** Returns the episode the comment was on, for the change event. */
export function deleteComment(repos: Repositories, id: number): number {
  return repos.transaction(() => {
    const comment = repos.comments.get(id);
    if (!comment) throw new ApiError('not_found', `no comment with id ${id} (deleted elsewhere?)`);
    repos.comments.delete(id);
    return comment.episodeId;
  });
}
