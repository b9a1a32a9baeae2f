import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CameraStatus } from '../../../playback';
import { ComparePickerView } from './ComparePicker';
import { ALL_LAYERS_ON } from './overlays';
import { RolloutPlayerView, type RolloutPlayerViewProps } from './RolloutPlayerView';
import { testRecord, testSummary } from './testing';

const camera = (name: string): CameraStatus => ({ name, width: 320, height: 240, codec: 'h264', frameCount: 8, status: 'ready', error: null });
const noop = () => undefined;

function render(extra: Partial<RolloutPlayerViewProps> = {}): string {
  const props: RolloutPlayerViewProps = {
    rollout: testSummary(),
    record: testRecord(),
    player: { state: 'paused', currentFrame: 4, targetFrame: 4, length: 8, fps: 10, speed: 1, cameras: [camera('front'), camera('side')], focused: null, error: null },
    onToggle: noop,
    onStep: noop,
    onSeek: noop,
    onSpeed: noop,
    onFocus: noop,
    canvasRef: () => noop,
    frame: { get: () => 4, subscribe: () => noop },
    layers: ALL_LAYERS_ON,
    onToggleLayer: noop,
    actionDims: [0, 6],
    onToggleDim: noop,
    ...extra,
  };
  return renderToStaticMarkup(createElement(RolloutPlayerView, props));
}

describe('RolloutPlayerView', () => {
  it('says the rollout failed and why, and marks its events on the timeline', () => {
    const html = render();
    expect(html).toContain('Failure · dropped the object');
    expect(html).toContain('seed 3');
    for (const label of ['grasp at frame 2', 'left target at frame 4', 'drop at frame 7']) expect(html).toContain(`aria-label="${label}"`);
  });

  it('draws prediction and truth on the policy camera, only truth and path on the other', () => {
    const html = render();
    const tiles = html.split('data-camera=').slice(1);
    expect(tiles[0]).toContain('<g data-layer="predicted"');
    expect(tiles[0]).toContain('<g data-layer="truth"');
    expect(tiles[1]).not.toContain('<g data-layer="predicted"');
    expect(tiles[1]).toContain('<g data-layer="path"');
    expect(tiles[0]).toContain('viewBox="0 0 320 240"');
  });

  it('draws nothing of a layer switched off, and the checkbox shows it off', () => {
    const html = render({ layers: { ...ALL_LAYERS_ON, predicted: false } });
    expect(html).not.toContain('<g data-layer="predicted"');
    expect(html).toContain('<g data-layer="truth"');
    expect(html).toMatch(/<input type="checkbox" data-layer="predicted"\/>/);
  });

  it('plots actions, grounding error and gripper, with no note for a full sim record', () => {
    const html = render();
    for (const title of ['Actions', 'Box IoU (pred vs true)', 'Point error (px)', 'Gripper opening']) expect(html).toContain(`data-plot="${title}"`);
    expect(html).not.toContain('rollout-player__note');
  });

  it('degrades for an imported rollout: no grounding plots, disabled overlays and a note of what is missing', () => {
    const record = testRecord({ source: 'libero', policyCamera: null, steps: Array.from({ length: 8 }, (_, t) => ({ t, executed: [0.1 * t, 0, 0, 0, 0, 0, 1] })) });
    const html = render({ record, rollout: testSummary({ source: 'libero', checkpointId: null, seed: null, success: null, reason: null }) });
    expect(html).toContain('Outcome unknown');
    expect(html).toContain('did not carry predicted action chunks, robot state, predicted point or box, ground truth or events');
    expect(html).toContain('data-plot="Actions"');
    expect(html).not.toContain('predicted (chunk row 1)');
    expect(html).not.toContain('data-plot="Box IoU');
    expect(html).not.toContain('data-plot="Gripper');
    expect(html).toMatch(/<input type="checkbox" disabled="" data-layer="truth"\/>/);
    expect(html).not.toMatch(/<svg class="rollout-overlay"[^>]*data-shapes="[1-9]/);
  });

  it('puts a compared player beside this one, under one timeline', () => {
    const html = render({ compare: createElement('div', { id: 'other' }, 'B') });
    expect(html).toContain('rollout-player__videos--compare');
    expect(html).toContain('<div id="other">B</div>');
    expect(html.match(/class="player-timeline"/g)).toHaveLength(1);
  });
});

describe('ComparePickerView', () => {
  it('groups rollouts of the seed and demonstrations of the instruction', () => {
    const html = renderToStaticMarkup(
      createElement(ComparePickerView, {
        rollout: testSummary(),
        rollouts: [testSummary({ id: 9, checkpointId: 5, success: true, reason: 'success', steps: 41 })],
        episodes: [{ id: 3, datasetId: 1, index: 12, instruction: 'pick up the red cube', length: 90, fps: 10, reviewStatus: 'todo', annotationCount: 0 }],
        value: { kind: 'rollout', id: 9 },
        onChange: noop,
      }),
    );
    expect(html).toContain('label="Rollouts of seed 3 · in_distribution"');
    expect(html).toContain('<option value="rollout:9" selected="">#9 · checkpoint 5 · success · 41 steps</option>');
    expect(html).toContain('<option value="episode:3">episode 12 · 90 frames</option>');
  });
});
