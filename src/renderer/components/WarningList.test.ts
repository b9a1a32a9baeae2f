import { describe, expect, it } from 'vitest';
import { splitWarning } from './WarningList';

describe('splitWarning', () => {
  it('separates file and field from the message', () => {
    expect(splitWarning('meta/info.json: splits.train: range 0:100 reaches past the 5 episodes present')).toEqual({
      where: 'meta/info.json · splits.train',
      what: 'range 0:100 reaches past the 5 episodes present',
    });
  });
  it('keeps quoted feature keys as the field', () => {
    const w = 'meta/info.json: features["observation.images.egoview"]: declared camera has no video files';
    expect(splitWarning(w).where).toBe('meta/info.json · features["observation.images.egoview"]');
  });
  it('takes a file alone when no field follows', () => {
    const w = 'videos/chunk-000/a/episode_000000.mp4: observation.images.ego_view timestamp: episode 0: rows reach 20.8s';
    expect(splitWarning(w)).toEqual({
      where: 'videos/chunk-000/a/episode_000000.mp4',
      what: 'observation.images.ego_view timestamp: episode 0: rows reach 20.8s',
    });
  });
  it('leaves a plain sentence alone', () => {
    expect(splitWarning('no tasks file; instructions are empty')).toEqual({ where: '', what: 'no tasks file; instructions are empty' });
  });
});
