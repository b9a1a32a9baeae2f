import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress';

describe('createProgressPrinter', () => {
  it('prints phase changes at once, repeats at most once a second, and always the last', () => {
    const lines: string[] = [];
    let now = 0;
    const print = createProgressPrinter((l) => lines.push(l), () => now);
    const p = (phase: string, done: number, finished = false) =>
      print({ jobId: 'j', kind: 'import', phase, done, total: 4, finished });
    p('reading', 1);
    now = 500;
    p('reading', 2);
    now = 1100;
    p('reading', 3);
    p('writing', 3);
    p('writing', 4, true);
    expect(lines).toEqual([
      'import: reading 1/4 (25%)',
      'import: reading 3/4 (75%)',
      'import: writing 3/4 (75%)',
      'import: writing 4/4 (100%)',
    ]);
  });
});
