import { useState } from 'react';

/**
 * Splits "meta/info.json: splits.train: range 0:100 reaches past ..." into where (the file, and the
 * field when it names one) and what, so the location can be read at a glance and copied.
 */
export function splitWarning(text: string): { where: string; what: string } {
  const file = /^([^\s:]+\.[A-Za-z0-9]+|[^\s:]*\/[^\s:]*):\s+/.exec(text);
  if (!file) return { where: '', what: text };
  let where = file[1] ?? '';
  let rest = text.slice(file[0].length);
  const field = /^([\w.[\]"'-]+):\s+/.exec(rest);
  if (field && !/\s/.test(field[1] ?? '')) {
    where += ` · ${field[1]}`;
    rest = rest.slice(field[0].length);
  }
  return { where, what: rest };
}

/**
 * Import warnings, visible without a click: the first few are listed, the rest behind "show all".
 * A warning means data was missing or odd and the import went on, which a user must know.
 */
export function WarningList({ warnings, initial = 3, title }: { warnings: string[]; initial?: number; title?: string }) {
  const [expanded, setExpanded] = useState(false);
  if (warnings.length === 0) return null;
  const shown = expanded ? warnings : warnings.slice(0, initial);
  return (
    <div className="notice notice--warn" role="status">
      <div className="notice__head">
        <strong>{title ?? `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}</strong>
      </div>
      <ul className="warning-list">
        {shown.map((w, i) => {
          const { where, what } = splitWarning(w);
          return (
            <li key={i}>
              {where && <span className="warning-list__where">{where}</span>}
              <span className="warning-list__what">{what}</span>
            </li>
          );
        })}
      </ul>
      {warnings.length > initial && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${warnings.length}`}
        </button>
      )}
    </div>
  );
}
