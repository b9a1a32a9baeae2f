import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { DatasetSummary, DirListing, JobProgress } from '../../../shared/contract/domain';

export type ImportPhase = 'editing' | 'running' | 'done' | 'failed';

export interface ImportState {
  path: string;
  copyMedia: boolean;
  phase: ImportPhase;
  jobId: string | null;
  progress: JobProgress | null;
  result: DatasetSummary | null;
  error: unknown;
  setPath(path: string): void;
  setCopyMedia(copy: boolean): void;
  /** Runs the import; the form keeps its values whatever happens, so a failed import is one click to retry. */
  start(): Promise<void>;
  /** Back to the form for another import, keeping the last path and options. */
  again(): void;
}

type Client = Pick<StudioClient, 'call' | 'on'>;

let jobCounter = 0;
export function newJobId(now = Date.now()): string {
  jobCounter += 1;
  return `import-${now.toString(36)}-${jobCounter}`;
}

export function createImportStore(getClient: () => Client) {
  return createStore<ImportState>()((set, get) => ({
    path: '',
    copyMedia: false,
    phase: 'editing',
    jobId: null,
    progress: null,
    result: null,
    error: null,
    setPath: (path) => set({ path }),
    setCopyMedia: (copyMedia) => set({ copyMedia }),
    again: () => set({ phase: 'editing', progress: null, result: null, error: null, jobId: null }),
    async start() {
      const path = get().path.trim();
      if (!path || get().phase === 'running') return;
      const jobId = newJobId();
      const client = getClient();
      set({ phase: 'running', jobId, progress: null, result: null, error: null, path });
      // Subscribe before calling: a small dataset can finish before the call's answer arrives.
      const off = client.on('job.progress', (p) => {
        if (p.jobId === jobId) set({ progress: p });
      });
      try {
        const result = await client.call('datasets.import', { path, copyMedia: get().copyMedia, jobId });
        set({ phase: 'done', result });
      } catch (error) {
        set({ phase: 'failed', error });
      } finally {
        off();
      }
    },
  }));
}

/** A folder holding `meta/` and `data/` (or `videos/`) is most likely a LeRobot dataset root. */
export function looksLikeLeRobot(listing: DirListing | null): boolean {
  if (!listing) return false;
  const dirs = new Set(listing.entries.filter((e) => e.isDir).map((e) => e.name));
  return dirs.has('meta') && (dirs.has('data') || dirs.has('videos'));
}

// The folder browser moved to components/; its helpers stay importable from here for the import feature.
export { parentPath, sortEntries } from '../../components/FolderBrowser/folders';
