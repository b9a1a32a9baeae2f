import { describe, expect, it } from 'vitest';
import { hashFrame } from './frameHash';
import { RecordReply, RecordRequest } from './messages';

const base = { checkpointDir: '/c', outDir: '/o', variants: ['in_distribution'], episodes: 2 };

describe('recording evaluation messages', () => {
  it('fill the defaults: seed 0, batches of 8, grounding on', () => {
    expect(RecordRequest.parse(base)).toEqual({ ...base, seed: 0, batchSize: 8, grounding: true });
    expect(RecordRequest.parse({ ...base, ensemble: {} }).ensemble).toEqual({ decay: 0.01 });
  });

  it('name the bad field', () => {
    const issues = (input: unknown) => RecordRequest.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...base, episodes: 0 })).toEqual(['episodes']);
    expect(issues({ ...base, variants: [] })).toEqual(['variants']);
    expect(issues({ ...base, size: { width: 64 } })).toEqual(['size.height']);
    expect(issues({ ...base, execute: 2, ensemble: { decay: 1 } })).toEqual(['ensemble']);
    expect(issues({ ...base, extra: 1 })).toEqual(['']);
    expect(RecordReply.safeParse({ type: 'episode', done: 1, total: 2 }).success).toBe(false);
  });
});

describe('frame hash', () => {
  it('is the same for the same bytes and changes with any byte or the length', () => {
    const a = new Uint8Array(96 * 72 * 3).map((_, i) => (i * 31) & 255);
    const b = a.slice();
    expect(hashFrame(b)).toBe(hashFrame(a));
    b[b.length - 1] = b[b.length - 1]! ^ 1;
    expect(hashFrame(b)).not.toBe(hashFrame(a));
    expect(hashFrame(a.subarray(0, a.length - 3))).not.toBe(hashFrame(a));
  });
});
