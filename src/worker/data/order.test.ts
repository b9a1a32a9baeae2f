import { describe, expect, it } from 'vitest';
import { batchStream, runBatchStream, weightedBatchStream } from './order';

// 120 samples of dataset 1, then 40 of dataset 2.
const groupOf = [...Array<number>(120).fill(1), ...Array<number>(40).fill(2)];
const share = (indices: number[], group: number) => indices.filter((i) => groupOf[i] === group).length / indices.length;

describe('weighted batch streams', () => {
  it('draws each dataset in proportion to weight × size', () => {
    // Weight 3 for the 40 samples of dataset 2: 120 : 120, half and half.
    const stream = weightedBatchStream(groupOf, new Map([[2, 3]]), 16, 7);
    const drawn = Array.from({ length: 200 }, (_, s) => stream.at(s).indices).flat();
    expect(share(drawn, 2)).toBeGreaterThan(0.46);
    expect(share(drawn, 2)).toBeLessThan(0.54);
    // Without the weight dataset 2 would be a quarter.
    const plain = weightedBatchStream(groupOf, new Map(), 16, 7);
    expect(share(Array.from({ length: 200 }, (_, s) => plain.at(s).indices).flat(), 2)).toBeLessThan(0.29);
  });

  it('uses up a dataset before repeating any of its samples', () => {
    const stream = weightedBatchStream(groupOf, new Map([[2, 3]]), 16, 7);
    const ofTwo = Array.from({ length: 20 }, (_, s) => stream.at(s).indices).flat().filter((i) => groupOf[i] === 2);
    expect(ofTwo.length).toBeGreaterThan(80);
    expect(new Set(ofTwo.slice(0, 40)).size).toBe(40);
    expect(new Set(ofTwo.slice(40, 80)).size).toBe(40);
  });

  it('gives step n the same batch whether reached step by step or directly (a resume)', () => {
    const a = weightedBatchStream(groupOf, new Map([[1, 0.5]]), 8, 3);
    const walked = Array.from({ length: 60 }, (_, s) => a.at(s).indices);
    const b = weightedBatchStream(groupOf, new Map([[1, 0.5]]), 8, 3);
    expect(b.at(47).indices).toEqual(walked[47]);
    expect(b.at(12).indices).toEqual(walked[12]);
    expect(b.at(59).indices).toEqual(walked[59]);
    expect(weightedBatchStream(groupOf, new Map([[1, 0.5]]), 8, 4).at(0).indices).not.toEqual(walked[0]);
  });

  it('refuses what cannot work', () => {
    expect(() => weightedBatchStream([1, 1], new Map(), 3, 0)).toThrow(/cannot fill one batch/);
    expect(() => weightedBatchStream(groupOf, new Map([[1, 0]]), 8, 0)).toThrow(/dataset 1 has weight 0/);
  });
});

describe('a run\'s batch order', () => {
  const samples = groupOf.map((g, i) => ({ episodeId: g * 100 + (i % 10) }));
  const datasetOf = new Map(samples.map((s) => [s.episodeId, Math.floor(s.episodeId / 100)]));

  it('stays the plain order when the weights are all 1 or only one dataset has samples', () => {
    const plain = batchStream(samples.length, 8, 5, 1);
    for (const weights of [[], [{ id: 1, weight: 1 }, { id: 2, weight: 1 }], [{ id: 3, weight: 5 }]]) {
      expect(runBatchStream(samples, datasetOf, weights, 8, 5, 1).at(9)).toEqual(plain.at(9));
    }
    const one = samples.slice(0, 120);
    expect(runBatchStream(one, datasetOf, [{ id: 1, weight: 4 }], 8, 5, 1).at(3)).toEqual(batchStream(120, 8, 5, 1).at(3));
  });

  it('weights the datasets when their weights differ', () => {
    const stream = runBatchStream(samples, datasetOf, [{ id: 2, weight: 3 }], 16, 5, 1);
    expect(share(Array.from({ length: 200 }, (_, s) => stream.at(s).indices).flat(), 2)).toBeGreaterThan(0.46);
  });
});
