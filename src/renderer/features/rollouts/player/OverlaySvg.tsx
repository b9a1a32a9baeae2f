import { LAYER_INFO, type OverlayShape } from './overlays';

export interface OverlaySvgProps {
  shapes: OverlayShape[];
  /** The camera's image size: the SVG's user space, letterboxed like the video canvas under it. */
  width: number;
  height: number;
}

const HALO = 'rgba(0, 0, 0, 0.65)';
const TAGS: Partial<Record<OverlayShape['layer'], string>> = { predicted: 'pred', truth: 'true' };

/**
 * Vector overlay over one camera tile. Its viewBox is the image and it keeps the aspect ratio the way
 * the canvas's object-fit does, so shapes sit on the pixels they name at any tile size; strokes do not
 * scale, so they stay crisp and thin over a small video blown up. Each shape has a dark halo under it
 * to stay readable on bright and dark backgrounds alike.
 */
export function OverlaySvg({ shapes, width, height }: OverlaySvgProps) {
  const unit = Math.max(width, height) / 100;
  const font = Math.max(height / 20, 6);
  return (
    <svg className="rollout-overlay" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden data-shapes={shapes.length}>
      {shapes.map((shape, i) => {
        const color = LAYER_INFO[shape.layer].color;
        const key = `${shape.layer}-${shape.kind}-${i}`;
        if (shape.kind === 'path') {
          const points = shape.points.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
          return (
            <g key={key} data-layer={shape.layer} data-kind="path">
              <polyline points={points} fill="none" stroke={HALO} strokeWidth={4} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
              <polyline
                points={points}
                fill="none"
                stroke={color}
                strokeWidth={2}
                strokeDasharray={shape.dashed ? '6 4' : undefined}
                vectorEffect="non-scaling-stroke"
                strokeLinejoin="round"
                strokeLinecap="round"
              />
            </g>
          );
        }
        const dash = shape.stale ? '5 3' : undefined;
        if (shape.kind === 'box') {
          const tag = TAGS[shape.layer];
          return (
            <g key={key} data-layer={shape.layer} data-kind="box">
              <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} fill="none" stroke={HALO} strokeWidth={4} vectorEffect="non-scaling-stroke" />
              <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} fill="none" stroke={color} strokeWidth={2} strokeDasharray={dash} vectorEffect="non-scaling-stroke" />
              {tag && (
                <text
                  x={shape.x + unit * 0.4}
                  y={shape.layer === 'truth' ? shape.y + shape.h + unit * 1.1 : shape.y - unit * 0.5}
                  fontSize={font}
                  fill={color}
                  stroke={HALO}
                  strokeWidth={3}
                  paintOrder="stroke"
                  vectorEffect="non-scaling-stroke"
                >
                  {tag}
                </text>
              )}
            </g>
          );
        }
        const r = shape.layer === 'path' ? unit * 1.1 : unit * 1.4;
        return (
          <g key={key} data-layer={shape.layer} data-kind="point">
            <circle cx={shape.x} cy={shape.y} r={r} fill={color} fillOpacity={shape.layer === 'path' ? 1 : 0.35} stroke={HALO} strokeWidth={4} vectorEffect="non-scaling-stroke" />
            <circle cx={shape.x} cy={shape.y} r={r} fill="none" stroke={color} strokeWidth={2} strokeDasharray={dash} vectorEffect="non-scaling-stroke" />
          </g>
        );
      })}
    </svg>
  );
}
