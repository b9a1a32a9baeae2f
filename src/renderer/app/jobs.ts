import { createStore } from 'zustand/vanilla';
import type { JobProgress } from '../../shared/contract/domain';

/** Every long job the backend reports, latest report per job; finished jobs stay until replaced or cleared. */
export interface JobsState {
  jobs: JobProgress[];
  apply(p: JobProgress): void;
  dismiss(jobId: string): void;
}

/** How many finished jobs the status bar remembers. */
export const KEEP_FINISHED = 3;

/** Pure reducer: replaces a job's report in place, appends a new job, forgets the oldest finished ones. */
export function applyProgress(jobs: JobProgress[], p: JobProgress): JobProgress[] {
  const index = jobs.findIndex((j) => j.jobId === p.jobId);
  const next = index >= 0 ? jobs.map((j, i) => (i === index ? p : j)) : [...jobs, p];
  const finished = next.filter((j) => j.finished);
  if (finished.length <= KEEP_FINISHED) return next;
  const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED).map((j) => j.jobId));
  return next.filter((j) => !drop.has(j.jobId));
}

export function createJobsStore() {
  return createStore<JobsState>()((set) => ({
    jobs: [],
    apply: (p) => set((s) => ({ jobs: applyProgress(s.jobs, p) })),
    dismiss: (jobId) => set((s) => ({ jobs: s.jobs.filter((j) => j.jobId !== jobId) })),
  }));
}

/** The window's jobs, fed by App from `job.progress` events. */
export const jobsStore = createJobsStore();

const KIND_LABEL: Record<JobProgress['kind'], string> = {
  import: 'Import',
  sample: 'Sample project',
  transcode: 'Transcode',
  track: 'Tracking',
  export: 'Export',
  train: 'Training',
  evaluate: 'Evaluation',
};

/** One line for the status bar: "Import · reading episodes" or "Import failed: ...". */
export function describeJob(p: JobProgress): string {
  const kind = KIND_LABEL[p.kind];
  if (p.error) return `${kind} failed: ${p.error}`;
  if (p.finished) return `${kind} finished${p.message ? ` · ${p.message}` : ''}`;
  return `${kind} · ${p.phase}${p.message ? ` · ${p.message}` : ''}`;
}
