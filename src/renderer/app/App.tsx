import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AppInfo } from '../../shared/contract/domain';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice, toErrorView } from '../components/ErrorNotice';
import { getConnection, getStudioClient, type ConnectionState } from '../platform/client';
import { jobsStore } from './jobs';
import { FirstRun } from './FirstRun';
import { Workbench } from './Workbench';
import './app.css';

/** The root: reads what is open, follows jobs, and shows first-run or the workbench. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [connection, setConnection] = useState<ConnectionState>(() => getConnection().state());
  const jobs = useStore(jobsStore, (s) => s.jobs);

  const refresh = useCallback(() => {
    getStudioClient()
      .call('app.info', {})
      .then(
        (next) => {
          setInfo(next);
          setError(null);
        },
        (e: unknown) => setError(e),
      );
  }, []);

  useEffect(() => {
    const client = getStudioClient();
    refresh();
    const offs = [
      client.on('job.progress', (p) => {
        jobsStore.getState().apply(p);
        if (p.finished) refresh();
      }),
      client.on('project.changed', refresh),
      getConnection().onStateChange(setConnection),
    ];
    return () => offs.forEach((off) => off());
  }, [refresh]);

  // While the sample builds, app.info is polled too: its progress events may have begun before we connected.
  useEffect(() => {
    if (!info?.preparingSample) return;
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, [info?.preparingSample, refresh]);

  if (!info) {
    return (
      <div className="app-loading">
        {error ? (
          <ErrorNotice error={toErrorView(error, 'Cannot reach the studio backend')} />
        ) : (
          <EmptyState title="Connecting to the studio…" />
        )}
      </div>
    );
  }

  const sampleJob = [...jobs].reverse().find((j) => j.kind === 'sample') ?? null;
  if (!info.project) {
    return (
      <FirstRun
        preparingSample={info.preparingSample}
        sample={sampleJob}
        onOpenProject={async (dir, create) => {
          await getStudioClient().call('project.open', { dir, create });
          refresh();
        }}
      />
    );
  }
  return <Workbench info={info} project={info.project} connection={connection} jobs={jobs} />;
}
