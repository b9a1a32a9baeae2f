/** The canvas's own controls, props only: fit, 1:1, zoom readout, brightness and contrast. */
import type { ImageAdjust } from './layers';

export interface CanvasToolbarProps {
  scale: number;
  adjust: ImageAdjust;
  onFit(): void;
  onOneToOne(): void;
  onAdjust(next: ImageAdjust): void;
}

/** Slider range: a dark gripper shadow needs about 3× brightness; beyond that it is all noise. */
const ADJUST_MIN = 0.2;
const ADJUST_MAX = 3;

export function CanvasToolbar({ scale, adjust, onFit, onOneToOne, onAdjust }: CanvasToolbarProps) {
  const changed = adjust.brightness !== 1 || adjust.contrast !== 1;
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas view">
      <button type="button" className="btn btn--sm" onClick={onFit} title="Fit the frame in the view (F or 0)">
        Fit
      </button>
      <button type="button" className="btn btn--sm" onClick={onOneToOne} title="One image pixel per screen pixel (= or Shift+1)">
        1:1
      </button>
      <span className="canvas-toolbar__zoom muted" aria-label="Zoom">
        {formatZoom(scale)}
      </span>
      <Slider label="Brightness" value={adjust.brightness} onChange={(brightness) => onAdjust({ ...adjust, brightness })} />
      <Slider label="Contrast" value={adjust.contrast} onChange={(contrast) => onAdjust({ ...adjust, contrast })} />
      <button type="button" className="btn btn--sm" disabled={!changed} onClick={() => onAdjust({ brightness: 1, contrast: 1 })} title="Show the frame as decoded">
        Reset
      </button>
    </div>
  );
}

function Slider({ label, value, onChange }: { label: string; value: number; onChange(value: number): void }) {
  return (
    <label className="canvas-toolbar__slider">
      <span>{label}</span>
      <input
        type="range"
        min={ADJUST_MIN}
        max={ADJUST_MAX}
        step={0.05}
        value={value}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
        onDoubleClick={() => onChange(1)}
        aria-valuetext={`${Math.round(value * 100)}%`}
      />
    </label>
  );
}

export const formatZoom = (scale: number): string => (scale >= 10 ? `${Math.round(scale)}×` : `${Math.round(scale * 100)}%`);
