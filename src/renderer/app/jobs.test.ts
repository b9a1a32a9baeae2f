import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contract/domain';
import { applyProgress, createJobsStore, describeJob, KEEP_FINISHED } from './jobs';

const job = (jobId: string, over: Partial<JobProgress> = {}): JobProgress => ({
  jobId, kind: 'import', phase: 'reading', done: 1, total: 4, finished: false, ...over,
});

describe('applyProgress', () => {
  it('replaces a job in place and appends new ones', () => {
    let jobs = applyProgress([], job('a'));
    jobs = applyProgress(jobs, job('b'));
    jobs = applyProgress(jobs, job('a', { done: 3 }));
    expect(jobs.map((j) => [j.jobId, j.done])).toEqual([['a', 3], ['b', 1]]);
  });
  it('forgets the oldest finished jobs but never a running one', () => {
    let jobs = [job('running')];
    for (let i = 0; i < KEEP_FINISHED + 2; i++) jobs = applyProgress(jobs, job(`f${i}`, { finished: true }));
    expect(jobs.map((j) => j.jobId)).toEqual(['running', 'f2', 'f3', 'f4']);
  });
});

describe('describeJob', () => {
  it('says what runs, what finished and what failed', () => {
    expect(describeJob(job('a', { message: 'episode 2 of 5' }))).toBe('Import · reading · episode 2 of 5');
    expect(describeJob(job('a', { kind: 'sample', finished: true }))).toBe('Sample project finished');
    expect(describeJob(job('a', { finished: true, error: 'no meta/info.json' }))).toBe('Import failed: no meta/info.json');
  });
});

describe('jobs store', () => {
  it('applies and dismisses', () => {
    const store = createJobsStore();
    store.getState().apply(job('a'));
    store.getState().dismiss('a');
    expect(store.getState().jobs).toEqual([]);
  });
});
