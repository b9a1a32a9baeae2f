const REASONS: Record<string, string> = {
  success: 'success',
  timeout: 'timed out',
  dropped_object: 'dropped the object',
  workspace_violation: 'left the workspace',
  unknown: 'reason unknown',
};

/** Success, or failure with why the episode ended; imported rollouts may not say either. */
export function OutcomeBadge({ success, reason }: { success: boolean | null; reason: string | null }) {
  if (success === null) return <span className="badge badge--neutral" data-outcome="unknown">Outcome unknown</span>;
  if (success) return <span className="badge badge--ok" data-outcome="success">Success</span>;
  const why = reason && reason !== 'success' ? REASONS[reason] ?? reason.replace(/_/g, ' ') : 'reason unknown';
  return (
    <span className="badge badge--danger" data-outcome="failure" title={`Terminated: ${reason ?? 'unknown'}`}>
      Failure · {why}
    </span>
  );
}
