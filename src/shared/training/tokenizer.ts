/**
 * The instruction tokenizer: lower-cased words, a vocabulary built from the project's texts, and hashed
 * buckets for words the vocabulary lacks, so a held-out paraphrase ("grab" for "pick") still maps to a
 * stable id instead of one shared unknown token. The spec is plain JSON, saved with each checkpoint so
 * serving encodes text exactly as training did.
 */
import { hashString } from './rng';

export const PAD_ID = 0;

export interface TokenizerSpec {
  kind: 'words+buckets';
  version: 1;
  /** Known words; word i has id i + 1 (0 is padding). */
  vocab: string[];
  /** Ids vocab.length + 1 .. vocab.length + buckets take the unknown words by hash. */
  buckets: number;
  /** Every encoding has exactly this many ids: truncated, or padded with PAD_ID. */
  maxLength: number;
}

export interface TokenizerOptions {
  buckets?: number;
  maxLength?: number;
  /** A word must occur this often in the texts to get its own id. */
  minCount?: number;
}

/** Lower-cased runs of letters and digits: punctuation and spacing never change the ids. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function buildTokenizer(texts: Iterable<string>, options: TokenizerOptions = {}): TokenizerSpec {
  const { buckets = 64, maxLength = 24, minCount = 1 } = options;
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`buckets must be a positive integer, got ${buckets}`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`maxLength must be a positive integer, got ${maxLength}`);
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  // Sorted, so the same texts in any order give the same ids.
  const vocab = [...counts].filter(([, n]) => n >= minCount).map(([w]) => w).sort();
  return { kind: 'words+buckets', version: 1, vocab, buckets, maxLength };
}

export interface Tokenizer {
  readonly spec: TokenizerSpec;
  /** Ids in 0 .. vocabSize - 1. */
  readonly vocabSize: number;
  idOf(word: string): number;
  /** Fixed-length ids and how many of them are real words. */
  encode(text: string): { ids: Int32Array; length: number };
}

export function createTokenizer(spec: TokenizerSpec): Tokenizer {
  if (spec.kind !== 'words+buckets' || spec.version !== 1) throw new Error(`unknown tokenizer ${spec.kind} v${spec.version}`);
  const index = new Map(spec.vocab.map((w, i) => [w, i + 1]));
  const firstBucket = spec.vocab.length + 1;
  const idOf = (word: string) => index.get(word) ?? firstBucket + (hashString(word) % spec.buckets);
  return {
    spec,
    vocabSize: firstBucket + spec.buckets,
    idOf,
    encode(text) {
      const ids = new Int32Array(spec.maxLength);
      const found = words(text).slice(0, spec.maxLength);
      found.forEach((w, i) => (ids[i] = idOf(w)));
      return { ids, length: found.length };
    },
  };
}
