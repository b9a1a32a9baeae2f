export interface ErrorView {
  title: string;
  message: string;
  code?: string;
  /** Where the problem is (file, field), as the backend sent it. */
  details?: string;
}

/** Turns anything thrown into what a user can act on; ApiError-shaped values keep their code and details. */
export function toErrorView(error: unknown, title = 'Something went wrong'): ErrorView {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { message: unknown; code?: unknown; details?: unknown };
    const details = e.details === undefined ? undefined : stringifyDetails(e.details);
    return {
      title,
      message: String(e.message),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(details ? { details } : {}),
    };
  }
  return { title, message: String(error) };
}

function stringifyDetails(details: unknown): string {
  if (typeof details === 'string') return details;
  try {
    return JSON.stringify(details, null, 2);
  } catch {
    return String(details);
  }
}

export function ErrorNotice({ error, onDismiss }: { error: ErrorView; onDismiss?: () => void }) {
  return (
    <div className="notice notice--danger" role="alert">
      <div className="notice__head">
        <strong>{error.title}</strong>
        {error.code && <code className="notice__code">{error.code}</code>}
        {onDismiss && (
          <button type="button" className="notice__dismiss" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      <p className="notice__message">{error.message}</p>
      {error.details && (
        <details className="notice__details">
          <summary>Details</summary>
          <pre>{error.details}</pre>
        </details>
      )}
    </div>
  );
}
