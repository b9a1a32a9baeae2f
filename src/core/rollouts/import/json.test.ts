import { describe, expect, it } from 'vitest';
import { parsePythonJson } from './json';

describe('parsePythonJson', () => {
  it('reads the NaN and Infinity Python writes as null, and leaves strings alone', () => {
    const text = '{"pc_success": NaN, "max": Infinity, "min": -Infinity, "xs": [1, NaN, -2.5e-3], "note": "NaN \\"Infinity\\" stays", "NaN": true}';
    expect(parsePythonJson(text)).toEqual({ pc_success: null, max: null, min: null, xs: [1, null, -0.0025], note: 'NaN "Infinity" stays', NaN: true });
  });

  it('still refuses what is not JSON', () => {
    expect(() => parsePythonJson('{"a": Nonsense}')).toThrow();
    expect(() => parsePythonJson('{"a": [1, 2')).toThrow();
  });
});
