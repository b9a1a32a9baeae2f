import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../editor/types';
import { frameOrigin, TrackPanelView, type TrackPanelViewProps } from './TrackPanel';

function render(extra: Partial<TrackPanelViewProps>): string {
  const noop = () => undefined;
  const props: TrackPanelViewProps = {
    target: { kind: 'box', origin: 'manual keyframe' },
    frame: 4,
    frames: 30,
    onFrames: noop,
    minConfidence: 0.7,
    onMinConfidence: noop,
    running: null,
    progress: null,
    outcome: null,
    error: null,
    onTrack: noop,
    onCancel: noop,
    onJump: noop,
    ...extra,
  };
  return renderToStaticMarkup(createElement(TrackPanelView, props));
}

const disabledButtons = (html: string) => (html.match(/<button[^>]*disabled=""[^>]*>/g) ?? []).length;

describe('TrackPanelView', () => {
  it('offers both directions for a selected box, and says what to select otherwise', () => {
    expect(render({})).toContain('Track forward');
    expect(disabledButtons(render({}))).toBe(0);
    expect(render({})).toMatch(/<option value="0.7" selected="">0.7<\/option>/);
    const none = render({ target: { refused: 'select one point or box to track' } });
    expect(none).toContain('select one point or box to track');
    expect(disabledButtons(none)).toBe(2);
  });

  it('shows progress and a cancel button while running, with the buttons off', () => {
    const html = render({ running: 'forward', progress: { jobId: 'j', kind: 'track', phase: 'tracking', done: 6, total: 20, finished: false } });
    expect(html).toContain('Tracking forward');
    expect(html).toContain('30%');
    expect(html).toContain('Cancel');
    expect(disabledButtons(html)).toBe(2);
  });

  it('shows the flagged frame with its reason and a jump to it', () => {
    const html = render({
      outcome: { direction: 'forward', start: 4, tracked: 6, reachedEdge: false, stopped: { frame: 11, reason: 'low_confidence', confidence: 0.31, message: 'frame 11: occluded' } },
    });
    expect(html).toContain('Tracked 6 frames forward from frame 4.');
    expect(html).toContain('Flagged frame 11: low confidence (0.31)');
    expect(html).toContain('Jump to frame 11');
  });
});

describe('frameOrigin', () => {
  const track: Annotation = {
    id: 'b', kind: 'box', camera: 'front', labelId: null, frame: 0,
    geometry: { keyframes: [
      { frame: 0, value: { x1: 0, y1: 0, x2: 5, y2: 5 }, source: 'manual' },
      { frame: 3, value: { x1: 1, y1: 0, x2: 6, y2: 5 }, source: 'tracked', confidence: 0.875 },
    ] },
  };
  it('tells a person-made keyframe, a tracked one with its confidence, and an interpolated frame apart', () => {
    expect(frameOrigin(track, 0)).toBe('manual keyframe');
    expect(frameOrigin(track, 3)).toBe('tracked keyframe, confidence 0.88');
    expect(frameOrigin(track, 2)).toBe('interpolated between keyframes');
    expect(frameOrigin(track, 9)).toBe('held from the tracked keyframe on frame 3');
  });
});
