import type { JobProgress } from '../../shared/contract/domain';
import { ProgressBar } from '../components/ProgressBar';
import type { ConnectionState } from '../platform/client';
import { describeJob } from './jobs';

export interface StatusBarProps {
  connection: ConnectionState;
  jobs: JobProgress[];
  onDismiss(jobId: string): void;
  version: string;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  disposed: 'Disconnected',
};

/** The bottom strip: backend connection, every running job with its bar, the outcome of finished ones. */
export function StatusBar({ connection, jobs, onDismiss, version }: StatusBarProps) {
  return (
    <footer className="statusbar" aria-label="Status">
      <span className={`statusbar__conn statusbar__conn--${connection}`} title={CONNECTION_TEXT[connection]}>
        <i aria-hidden /> {connection === 'open' ? 'Connected' : CONNECTION_TEXT[connection]}
      </span>
      <div className="statusbar__jobs">
        {jobs.map((job) => (
          <div key={job.jobId} className={`statusbar__job${job.error ? ' is-error' : ''}`} data-job-kind={job.kind}>
            {job.finished ? (
              <span className="statusbar__job-text">{describeJob(job)}</span>
            ) : (
              <ProgressBar compact done={job.done} total={job.total} label={describeJob(job)} />
            )}
            {job.finished && (
              <button type="button" className="statusbar__dismiss" aria-label="Dismiss" onClick={() => onDismiss(job.jobId)}>
                ×
              </button>
            )}
          </div>
        ))}
      </div>
      <span className="statusbar__version mono">v{version}</span>
    </footer>
  );
}
