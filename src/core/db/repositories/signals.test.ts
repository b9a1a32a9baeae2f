import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';

describe('signals repository', () => {
  it('round-trips float32 bit for bit, odd values included', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    const values = new Float32Array([
      0, -0, 1 / 3, -2.5e-38, 1e-45, 3.4028234663852886e38, Number.NaN, Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY, Math.PI, -1, 42,
    ]);
    const dims = ['x', 'y', 'z', 'roll', 'pitch', 'gripper'];
    repos.signals.put({ episodeId, name: 'action', dimNames: dims, values });

    const back = repos.signals.get(episodeId, 'action')!;
    expect(back.frameCount).toBe(2);
    expect(back.dimNames).toEqual(dims);
    expect(back.values).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.values.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('stores a view into a larger buffer correctly', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    const big = new Float32Array([9, 9, 1, 2, 3, 4, 9]);
    repos.signals.put({ episodeId, name: 'state', dimNames: ['a', 'b'], values: big.subarray(2, 6) });
    expect(Array.from(repos.signals.get(episodeId, 'state')!.values)).toEqual([1, 2, 3, 4]);
  });

  it('replaces a signal, lists names without data, and rejects a ragged one', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    repos.signals.put({ episodeId, name: 'state', dimNames: ['a'], values: new Float32Array([1, 2, 3]) });
    expect(repos.signals.infoOf(episodeId)).toEqual([
      { name: 'action', frameCount: 10, dimNames: ['x', 'y'] },
      { name: 'state', frameCount: 3, dimNames: ['a'] },
    ]);
    expect(repos.signals.allOf(episodeId).map((s) => s.name)).toEqual(['action', 'state']);
    expect(() => repos.signals.put({ episodeId, name: 'bad', dimNames: ['a', 'b'], values: new Float32Array(3) })).toThrow(
      /do not split/,
    );
  });
});
