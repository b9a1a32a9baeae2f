/**
 * The annotation canvas with its state: it measures the space it is given, keeps the viewport and
 * the brightness/contrast, and shows the toolbar above the view. Annotations, tools and the frame
 * come from the caller (the episode view), so this stays free of the editor's store.
 */
import { useState } from 'react';
import { AnnotationCanvasView, type AnnotationCanvasViewProps } from './AnnotationCanvasView';
import { CanvasToolbar } from './CanvasToolbar';
import { NO_ADJUST, type ImageAdjust } from './layers';
import { useCanvasViewport } from './useCanvasViewport';
import { useElementSize } from './useElementSize';
import './canvas.css';

export type AnnotationCanvasProps = Omit<AnnotationCanvasViewProps, 'size' | 'viewport' | 'adjust' | 'onViewport' | 'onFit' | 'onOneToOne'> & {
  /** Hide the toolbar in a grid of small tiles; keys and wheel still work. */
  toolbar?: boolean;
};

export function AnnotationCanvas({ toolbar = true, ...props }: AnnotationCanvasProps) {
  const [host, size] = useElementSize();
  const { viewport, setViewport, fit, oneToOne } = useCanvasViewport(props.imageSize, size);
  const [adjust, setAdjust] = useState<ImageAdjust>(NO_ADJUST);
  return (
    <div className="annotation-canvas-host" style={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' }}>
      {toolbar && <CanvasToolbar scale={viewport.scale} adjust={adjust} onFit={fit} onOneToOne={oneToOne} onAdjust={setAdjust} />}
      <div ref={host} style={{ flex: 1, minHeight: 0, minWidth: 0 }}>
        {size.width > 0 && size.height > 0 && (
          <AnnotationCanvasView {...props} size={size} viewport={viewport} adjust={adjust} onViewport={setViewport} onFit={fit} onOneToOne={oneToOne} />
        )}
      </div>
    </div>
  );
}
