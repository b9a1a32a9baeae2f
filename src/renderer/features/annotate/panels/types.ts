/**
 * What a workspace panel gets: the open episode's session and editor, where the player is, and the few
 * ways a panel may reach into the canvas (draw over it, take the next clicks). Panels live in their own
 * files and are listed in ./index.ts, so a new capability is a panel, not an edit of the workspace.
 */
import type { ComponentType } from 'react';
import type { EpisodeDetail, LabelClass } from '../../../../shared/contract/domain';
import type { Editor } from '../../../editor/editor';
import type { DrawOp } from '../../../editor/types';
import type { AnnotateSession } from '../session';

export interface ImagePoint {
  x: number;
  y: number;
}

export interface WorkspaceContext {
  episode: EpisodeDetail;
  session: AnnotateSession;
  editor: Editor;
  /** The camera being annotated, and every camera of the episode. */
  camera: string;
  cameras: string[];
  frame: number;
  image: { width: number; height: number };
  labels: LabelClass[];
  seek(frame: number): void;
  /** A passing note over the canvas; null clears it. */
  note(text: string | null): void;
  /** Ops this panel draws over the annotations (image pixels, as DrawOp says); [] removes them. */
  setOverlay(panel: string, ops: DrawOp[]): void;
  /** While set, a primary click on the image goes here (image pixels) instead of to the active tool. */
  claimPointer(handler: ((p: ImagePoint) => void) | null): void;
}

export interface WorkspacePanel {
  id: string;
  title: string;
  /** 'side': a tab of the column beside the canvas; 'bottom': a lane under it, aligned with the timeline. */
  place: 'side' | 'bottom';
  Component: ComponentType<{ ctx: WorkspaceContext }>;
}
