import { describe, expect, it } from 'vitest';
import { EVALUATION_VARIANTS } from '../../shared/contract/evaluations';
import { VARIANTS } from '../../sim/contracts';

describe('evaluation variants', () => {
  it("are the environment's variants, in its order (the contract cannot import the sim)", () => {
    expect([...EVALUATION_VARIANTS]).toEqual([...VARIANTS]);
  });
});
