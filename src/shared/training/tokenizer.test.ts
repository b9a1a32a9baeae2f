import { describe, expect, it } from 'vitest';
import { PAD_ID, buildTokenizer, createTokenizer, words } from './tokenizer';

const TEXTS = ['Pick up the red cup', 'place the red cup on the plate', 'push the green block left'];

describe('tokenizer', () => {
  it('splits lower-cased words and ignores punctuation', () => {
    expect(words('Pick up the RED cup, then... stop!')).toEqual(['pick', 'up', 'the', 'red', 'cup', 'then', 'stop']);
  });

  it('gives known words their own ids and pads to a fixed length', () => {
    const t = createTokenizer(buildTokenizer(TEXTS, { maxLength: 8 }));
    const { ids, length } = t.encode('pick up the red cup');
    expect(length).toBe(5);
    expect(ids.length).toBe(8);
    expect([...ids.slice(5)]).toEqual([PAD_ID, PAD_ID, PAD_ID]);
    const vocabIds = [...ids.slice(0, 5)];
    expect(new Set(vocabIds).size).toBe(5);
    for (const id of vocabIds) expect(id).toBeLessThanOrEqual(t.spec.vocab.length);
  });

  it('maps held-out paraphrases into stable hashed buckets, never padding', () => {
    const t = createTokenizer(buildTokenizer(TEXTS, { buckets: 16 }));
    const known = t.encode('pick up the red cup').ids;
    const paraphrase = t.encode('grab the crimson mug').ids;
    // "the" is shared; the unknown words land in buckets above the vocabulary.
    expect(paraphrase[1]).toBe(known[2]);
    for (const i of [0, 2, 3]) {
      expect(paraphrase[i]).toBeGreaterThan(t.spec.vocab.length);
      expect(paraphrase[i]).toBeLessThan(t.vocabSize);
    }
    expect([...t.encode('Grab the CRIMSON mug!').ids]).toEqual([...paraphrase]);
  });

  it('survives a JSON round trip and ignores the order of the texts', () => {
    const spec = buildTokenizer(TEXTS);
    const again = createTokenizer(JSON.parse(JSON.stringify(buildTokenizer([...TEXTS].reverse()))));
    expect(again.spec).toEqual(spec);
    expect([...again.encode('push the unseen block').ids]).toEqual([...createTokenizer(spec).encode('push the unseen block').ids]);
  });

  it('truncates long texts and rejects bad options', () => {
    const t = createTokenizer(buildTokenizer(TEXTS, { maxLength: 3 }));
    expect(t.encode('place the red cup on the plate').length).toBe(3);
    expect(() => buildTokenizer(TEXTS, { buckets: 0 })).toThrow(/buckets/);
  });
});
