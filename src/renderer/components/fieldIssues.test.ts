import { describe, expect, it } from 'vitest';
import { issuesByField } from './fieldIssues';

describe('issuesByField', () => {
  const error = {
    details: [
      { path: ['config', 'hyperparameters', 'steps'], message: 'too small' },
      { path: ['config', 'hyperparameters', 'steps'], message: 'second' },
      { path: ['name'], message: 'empty' },
      { path: [], message: 'whole input' },
      { message: 'no path' },
    ],
  };

  it('keys each field by its dotted path, keeping the first issue and skipping ones without a field', () => {
    expect(issuesByField(error)).toEqual({ 'config.hyperparameters.steps': 'too small', name: 'empty' });
  });

  it('drops the given leading part of the path', () => {
    expect(issuesByField(error, 'config')).toEqual({ 'hyperparameters.steps': 'too small', name: 'empty' });
  });

  it('is empty for an error without details', () => {
    expect(issuesByField(new Error('network'))).toEqual({});
    expect(issuesByField(undefined)).toEqual({});
  });
});
