import { describe, expect, it } from 'vitest';
import { isActive, PLAYER_STATES, transition } from './machine';

describe('player state machine', () => {
  it('goes idle → loading → paused → playing → seeking → playing', () => {
    let state = transition('idle', 'load')!;
    expect(state).toBe('loading');
    state = transition(state, 'loaded')!;
    expect(state).toBe('paused');
    state = transition(state, 'play')!;
    expect(state).toBe('playing');
    state = transition(state, 'seek')!;
    expect(state).toBe('seeking');
    expect(transition(state, 'resume')).toBe('playing');
    expect(transition(state, 'settle')).toBe('paused');
  });

  it('ignores events a state does not accept', () => {
    expect(transition('loading', 'play')).toBeNull();
    expect(transition('error', 'seek')).toBeNull();
    expect(transition('idle', 'pause')).toBeNull();
  });

  it('can always unload, except when already idle', () => {
    for (const state of PLAYER_STATES) expect(transition(state, 'unload')).toBe(state === 'idle' ? null : 'idle');
  });

  it('lets the playhead move only once loaded', () => {
    expect(PLAYER_STATES.filter(isActive)).toEqual(['paused', 'playing', 'seeking']);
  });
});
