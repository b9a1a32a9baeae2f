/**
 * The x scale every lane under the annotation canvas shares with the player's timeline: the same
 * percent-of-track rule (timelineMath) inside the same 6 px side padding, so a keyframe tick or a segment
 * sits exactly above the timeline's frame when the lane spans the timeline's width.
 */
import { frameAtX, percentOf } from '../playback/components/timelineMath';

/** The timeline's side padding (.player-timeline): a lane keeps the same, so frame 0 lines up. */
export const LANE_PADDING_PX = 6;

/** A lane's track (where frames are) from the lane's box: inside the side padding. */
export function laneTrack(lane: { left: number; width: number }): { left: number; width: number } {
  return { left: lane.left + LANE_PADDING_PX, width: Math.max(0, lane.width - 2 * LANE_PADDING_PX) };
}

/** Where a frame sits on a lane, as a CSS left (percent of the track). */
export function laneLeft(frame: number, length: number): string {
  return `${percentOf(frame, length)}%`;
}

/** A span of frames [from, to] as CSS left and width; a span ends at the far side of its last frame's slot. */
export function laneSpan(from: number, to: number, length: number): { left: string; width: string } {
  const a = percentOf(Math.max(0, from), length);
  const b = percentOf(Math.min(Math.max(0, length - 1), to), length);
  return { left: `${a}%`, width: `${Math.max(0, b - a)}%` };
}

/** The frame under a pointer at clientX over a lane's track element. */
export function laneFrameAt(clientX: number, track: { left: number; width: number }, length: number): number {
  return frameAtX(clientX, track.left, track.width, length);
}
