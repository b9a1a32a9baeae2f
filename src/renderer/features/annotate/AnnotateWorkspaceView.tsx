/**
 * The annotation workspace drawn from props alone: tool bar, the backend's messages, and the focused
 * camera's frame in the annotation canvas with the canvas's own view controls.
 */
import type { ReactNode } from 'react';
import { AnnotationCanvasView, type AnnotationCanvasViewProps } from '../../canvas/AnnotationCanvasView';
import { CanvasToolbar } from '../../canvas/CanvasToolbar';
import type { ImageAdjust } from '../../canvas/layers';
import { AnnotateToolbar, type AnnotateToolbarProps } from './AnnotateToolbar';
import '../../canvas/canvas.css';
import './annotate.css';
import './workspace.css';

export type CanvasProps = Omit<AnnotationCanvasViewProps, 'size'>;

export interface AnnotateWorkspaceViewProps {
  toolbar: AnnotateToolbarProps;
  /** What the backend refused or what failed, in its own words. */
  error: string | null;
  /** A passing note (nothing to undo, what was undone) or the active tool's refusal. */
  note: string | null;
  onDismiss(): void;
  status: 'loading' | 'ready' | 'error';
  /** Where the canvas measures its space; the view is sized to it (messages float over it, so it never jumps). */
  hostRef(element: HTMLElement | null): void;
  size: { width: number; height: number };
  canvas: CanvasProps | null;
  onAdjust(next: ImageAdjust): void;
  /** The panels column beside the canvas, and the lanes under it (segments), when any. */
  side?: ReactNode;
  lanes?: ReactNode;
  /** The episode's other cameras beside the one annotated, on the same clock (read-only tiles). */
  tiles?: ReactNode;
  /** What is drawn on this frame and where each value comes from (JSON), for tests and assistive tools. */
  drawn?: string;
}

export function AnnotateWorkspaceView(props: AnnotateWorkspaceViewProps) {
  const { canvas, size } = props;
  return (
    <section className="annotate" aria-label="Annotation" data-status={props.status} data-saving={props.toolbar.busy} data-drawn={props.drawn}>
      <AnnotateToolbar {...props.toolbar} />
      {canvas && (
        <CanvasToolbar scale={canvas.viewport.scale} adjust={canvas.adjust} onFit={canvas.onFit} onOneToOne={canvas.onOneToOne} onAdjust={props.onAdjust} />
      )}
      <div className="annotate__body">
      <div className="annotate__main">
      <div className={`annotate__stage${props.tiles ? ' annotate__stage--tiled' : ''}`}>
        {props.error || props.note ? (
          <div className={`annotate__message ${props.error ? 'annotate__message--error' : ''}`} role={props.error ? 'alert' : 'status'}>
            <span>{props.error ?? props.note}</span>
            <button type="button" className="notice__dismiss" onClick={props.onDismiss} aria-label="Dismiss">
              ×
            </button>
          </div>
        ) : null}
        <div className="annotate__active" ref={props.hostRef}>
          {canvas && size.width > 0 && size.height > 0 ? (
            <AnnotationCanvasView {...canvas} size={size} />
          ) : (
            <div className="annotate__empty muted">{props.status === 'error' ? 'The annotations could not be loaded.' : 'Loading…'}</div>
          )}
        </div>
        {props.tiles}
      </div>
      </div>
      {props.side}
      </div>
      {/* Full width, as the player's timeline below: the lanes share its x scale (components/timelineLane.ts). */}
      {props.lanes ? <div className="annotate__lanes">{props.lanes}</div> : null}
    </section>
  );
}
