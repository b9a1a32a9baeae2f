import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CameraStatus } from '../store';
import { EpisodePlayerView, type EpisodePlayerViewProps } from './EpisodePlayerView';

const camera = (name: string, extra: Partial<CameraStatus> = {}): CameraStatus => ({
  name,
  width: 640,
  height: 480,
  codec: 'avc1.64001e',
  frameCount: 300,
  status: 'ready',
  error: null,
  ...extra,
});

function render(player: Partial<EpisodePlayerViewProps['player']>, extra: Partial<EpisodePlayerViewProps> = {}): string {
  const noop = () => undefined;
  const props: EpisodePlayerViewProps = {
    player: { state: 'paused', currentFrame: 42, targetFrame: 42, length: 300, fps: 30, speed: 1, cameras: [camera('front'), camera('wrist')], focused: null, error: null, ...player },
    onToggle: noop,
    onStep: noop,
    onSeek: noop,
    onSpeed: noop,
    onFocus: noop,
    canvasRef: () => noop,
    ...extra,
  };
  return renderToStaticMarkup(createElement(EpisodePlayerView, props));
}

describe('EpisodePlayerView', () => {
  it('shows every camera at its native resolution, side by side', () => {
    const html = render({});
    expect(html.match(/<canvas/g)).toHaveLength(2);
    expect(html).toContain('width="640" height="480"');
    expect(html).toContain('repeat(2, minmax(0, 1fr))');
  });

  it('shows only the focused camera', () => {
    const html = render({ focused: 'wrist' });
    expect(html.match(/<canvas/g)).toHaveLength(1);
    expect(html).toContain('data-camera="wrist"');
  });

  it('shows the frame, the time and round-second ticks', () => {
    const html = render({});
    expect(html).toContain('value="42"');
    expect(html).toContain('/ 299');
    expect(html).toContain('0:01.12');
    expect(html).toContain('>9s<');
  });

  it('explains a camera the browser cannot decode and offers a transcode', () => {
    const html = render({ cameras: [camera('front'), camera('side', { codec: 'hvc1.1.6.L93.B0', status: 'unsupported' })] });
    expect(html).toContain('cannot decode <strong>HEVC (H.265)</strong>');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Transcode to H.264/);
    const enabled = render({ cameras: [camera('side', { status: 'unsupported' })] }, { onTranscode: () => undefined });
    expect(enabled).not.toMatch(/<button[^>]*disabled=""[^>]*>Transcode/);
  });

  it('shows the error of an episode that could not be opened and disables the transport', () => {
    const html = render({ state: 'error', error: { kind: 'network', message: 'HTTP 404' } });
    expect(html).toContain('HTTP 404');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*title="Play \(Space\)"/);
  });

  it('shows the sought frame in the counter while seeking', () => {
    const html = render({ state: 'seeking', currentFrame: 10, targetFrame: 200 });
    expect(html).toContain('value="200"');
    expect(html).toContain('player-timeline__target');
  });

  it('draws an overlay over each playable camera and none over one it cannot show', () => {
    const overlay = (c: CameraStatus) => createElement('svg', { 'data-over': c.name });
    const html = render({ cameras: [camera('front'), camera('side', { status: 'error', error: { kind: 'decode', message: 'broken' } })] }, { overlay });
    expect(html).toContain('data-over="front"');
    expect(html).not.toContain('data-over="side"');
  });

  it('marks events on the timeline at their frame', () => {
    const html = render({}, { markers: [{ frame: 150, label: 'grasp', color: '#0f0' }] });
    expect(html).toMatch(/<button[^>]*class="player-timeline__marker"[^>]*left:50\.1\d*%/);
    expect(html).toContain('aria-label="grasp at frame 150"');
  });

  it('leaves out the timeline and transport of a player that follows another', () => {
    const html = render({}, { controls: false });
    expect(html).toContain('<canvas');
    expect(html).not.toContain('player-timeline');
    expect(html).not.toContain('player-transport');
  });
});
