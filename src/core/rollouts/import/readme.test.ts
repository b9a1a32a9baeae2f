import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RolloutSidecar } from '../../../shared/rollouts/sidecar';

describe('the README\'s generic sidecar example', () => {
  it('is a valid sidecar, so what the README promises is what the importer reads', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Importing rollouts'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const parsed = RolloutSidecar.parse(JSON.parse(example!));
    expect(parsed).toMatchObject({ instruction: 'put the can in the bin', success: false, policyCamera: 'front' });
    expect(parsed.steps![0]).toMatchObject({ box: [0.4, 0.5, 0.63, 0.72], events: ['grasp'] });
  });
});
