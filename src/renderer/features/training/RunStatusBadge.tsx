import type { RunStatus } from '../../../shared/contract/training';

const TONE: Record<RunStatus, string> = { queued: 'neutral', running: 'info', succeeded: 'ok', failed: 'danger', cancelled: 'warn' };

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`badge badge--${TONE[status]}`} data-status={status}>{status}</span>;
}
