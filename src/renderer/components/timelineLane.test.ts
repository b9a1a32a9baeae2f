import { describe, expect, it } from 'vitest';
import { frameAtX, percentOf } from '../playback/components/timelineMath';
import { LANE_PADDING_PX, laneFrameAt, laneLeft, laneSpan, laneTrack } from './timelineLane';

describe('the lane x scale', () => {
  it("puts a frame where the player's timeline puts it, and reads it back from a click", () => {
    expect(laneLeft(0, 101)).toBe('0%');
    expect(laneLeft(50, 101)).toBe(`${percentOf(50, 101)}%`);
    expect(laneLeft(100, 101)).toBe('100%');
    const track = { left: 106, width: 400 };
    for (const f of [0, 37, 100]) {
      const x = track.left + (percentOf(f, 101) / 100) * track.width;
      expect(laneFrameAt(x, track, 101)).toBe(f);
      expect(laneFrameAt(x, track, 101)).toBe(frameAtX(x, track.left, track.width, 101));
    }
  });

  it('spans frames within the episode', () => {
    expect(laneSpan(25, 75, 101)).toEqual({ left: '25%', width: '50%' });
    expect(laneSpan(-5, 500, 101)).toEqual({ left: '0%', width: '100%' });
    expect(laneSpan(60, 40, 101).width).toBe('0%');
  });

  it("finds a lane's track inside its side padding, so a lane under the timeline has the timeline's track", () => {
    expect(laneTrack({ left: 10, width: 800 })).toEqual({ left: 10 + LANE_PADDING_PX, width: 800 - 2 * LANE_PADDING_PX });
    expect(laneTrack({ left: 0, width: 4 }).width).toBe(0);
  });
});
