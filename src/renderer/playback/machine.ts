/**
 * The player's states and the events that move between them (Lichtblick's IterablePlayer keeps
 * its state the same way). An event a state does not list is ignored, which is what makes
 * "pause while loading" or "seek after an error" harmless instead of half-applied.
 */
export const PLAYER_STATES = ['idle', 'loading', 'paused', 'playing', 'seeking', 'error'] as const;
export type PlayerState = (typeof PLAYER_STATES)[number];

export type PlayerEvent =
  | 'load'
  | 'loaded'
  | 'fail'
  | 'play'
  | 'pause'
  | 'seek'
  /** A seek's frame is on every canvas and the player was paused. */
  | 'settle'
  /** A seek's frame is on every canvas and the player was playing. */
  | 'resume'
  /** Playback reached the last frame. */
  | 'end'
  | 'unload';

const TRANSITIONS: Record<PlayerState, Partial<Record<PlayerEvent, PlayerState>>> = {
  idle: { load: 'loading' },
  loading: { load: 'loading', loaded: 'paused', fail: 'error', unload: 'idle' },
  paused: { load: 'loading', play: 'playing', seek: 'seeking', unload: 'idle', fail: 'error' },
  playing: { load: 'loading', pause: 'paused', seek: 'seeking', end: 'paused', unload: 'idle', fail: 'error' },
  seeking: { load: 'loading', seek: 'seeking', settle: 'paused', resume: 'playing', unload: 'idle', fail: 'error' },
  error: { load: 'loading', unload: 'idle' },
};

/** The state after `event`, or null when `state` does not accept it. */
export function transition(state: PlayerState, event: PlayerEvent): PlayerState | null {
  return TRANSITIONS[state][event] ?? null;
}

/** States in which the episode is loaded and the playhead can move. */
export function isActive(state: PlayerState): boolean {
  return state === 'paused' || state === 'playing' || state === 'seeking';
}
