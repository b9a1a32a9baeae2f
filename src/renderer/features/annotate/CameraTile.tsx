/**
 * Another camera of the episode beside the one being annotated: its frame on the player's clock with
 * its annotations, fitted to its tile. It takes no edits; a click makes it the camera being annotated.
 */
import { useMemo } from 'react';
import { AnnotationCanvasView } from '../../canvas/AnnotationCanvasView';
import type { CanvasPointerEvent } from '../../canvas/input';
import { NO_ADJUST } from '../../canvas/layers';
import { useCanvasViewport } from '../../canvas/useCanvasViewport';
import { useElementSize } from '../../canvas/useElementSize';
import { usePlayerFrame, type FrameFeed } from '../../canvas/usePlayerFrame';
import type { Editor } from '../../editor/editor';
import { staticAnnotations, type Palette } from './canvasContent';

export interface CameraTileProps {
  editor: Editor;
  /** The document's revision and the selection: the editor is mutated in place, so these say what changed. */
  revision: number;
  selectionKey: string;
  camera: { name: string; width: number; height: number };
  frame: number;
  feed: FrameFeed | null;
  palette: Palette;
  showInterpolated: boolean;
  onActivate(camera: string): void;
}

export function CameraTile({ editor, revision, selectionKey, camera, frame, feed, palette, showInterpolated, onActivate }: CameraTileProps) {
  const picture = usePlayerFrame(feed, camera.name);
  const width = camera.width || picture.image?.width || 0;
  const height = camera.height || picture.image?.height || 0;
  const imageSize = useMemo(() => ({ width, height }), [width, height]);
  const [hostRef, size] = useElementSize();
  const view = useCanvasViewport(imageSize, size);
  const annotations = useMemo(
    () => staticAnnotations(editor, { camera: camera.name, frame, showInterpolated }, palette),
    [editor, revision, selectionKey, camera.name, frame, palette, showInterpolated],
  );
  const activate = (e: CanvasPointerEvent) => {
    if (e.type === 'down' && e.button === 0) onActivate(camera.name);
  };
  return (
    <figure className="annotate-tile" data-camera={camera.name}>
      <figcaption className="annotate-tile__caption">
        <span>{camera.name}</span>
        <button type="button" className="btn btn--sm" onClick={() => onActivate(camera.name)}>
          Annotate here
        </button>
      </figcaption>
      <div className="annotate-tile__canvas" ref={hostRef}>
        {size.width > 0 && size.height > 0 ? (
          <AnnotationCanvasView
            size={size}
            image={picture.image}
            imageSize={imageSize}
            frameVersion={picture.version}
            viewport={view.viewport}
            adjust={NO_ADJUST}
            annotations={annotations}
            cursor="pointer"
            onViewport={view.setViewport}
            onFit={view.fit}
            onOneToOne={view.oneToOne}
            onPointer={activate}
          />
        ) : null}
      </div>
    </figure>
  );
}
