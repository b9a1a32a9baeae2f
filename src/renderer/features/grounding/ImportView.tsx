import type { ReactNode } from 'react';
import type { GroundingImportResult } from '../../../shared/contract/grounding';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { PathField } from '../../components/PathField';
import type { GroundingState, RunPhase } from './groundingStore';

export interface ImportViewProps {
  form: GroundingState['importForm'];
  phase: RunPhase;
  result: GroundingImportResult | null;
  error: unknown;
  onChooseFolder: (() => void) | null;
  browser: ReactNode;
  onChange(patch: Partial<GroundingState['importForm']>): void;
  onStart(): void;
}

export function ImportView(p: ImportViewProps) {
  const running = p.phase === 'running';
  return (
    <form
      id="grounding-import-form"
      className="qa-export"
      onSubmit={(e) => {
        e.preventDefault();
        p.onStart();
      }}
    >
      <p className="muted">
        Reads a grounding.jsonl written by this studio back as annotations. The manifest.json beside it says which
        episode, camera and frame each image shows; records already in the project are skipped.
      </p>
      <PathField
        label="grounding.jsonl, or the export folder holding it"
        aria-label="Grounding JSONL"
        placeholder="/data/exports/grounding/grounding.jsonl"
        value={p.form.path}
        disabled={running}
        onChange={(path) => p.onChange({ path })}
        onChoose={p.onChooseFolder}
      />
      {!p.onChooseFolder && !running && p.browser}
      <label className="checkbox">
        <input type="checkbox" checked={p.form.createLabels} disabled={running} onChange={(e) => p.onChange({ createLabels: e.target.checked })} />
        Create the label classes the project lacks
      </label>
      {p.phase === 'failed' && <ErrorNotice error={toErrorView(p.error, 'Import failed; nothing was imported')} />}
      {p.phase === 'done' && p.result && <ImportResult result={p.result} />}
    </form>
  );
}

function ImportResult({ result }: { result: GroundingImportResult }) {
  const { box, point, trajectory } = result.counts;
  return (
    <div className="qa-result" data-testid="grounding-import-result">
      <div className="qa-result__head">
        <span className={`badge ${result.annotations > 0 ? 'badge--ok' : 'badge--neutral'}`}>Imported</span>
        <strong className="mono">{formatCount(result.annotations)}</strong> annotations ({box} box, {point} point, {trajectory} trajectory)
      </div>
      {result.labelsCreated.length > 0 && <div>New label classes: {result.labelsCreated.join(', ')}</div>}
      {result.skipped.length > 0 && (
        <div className="notice notice--warn">
          <strong>{formatCount(result.skipped.length)} skipped</strong>
          <ul className="warning-list">
            {result.skipped.slice(0, 50).map((s, i) => (
              <li key={i}>
                <span className="warning-list__where">line {s.line}</span>
                <span className="warning-list__what">{s.reason}</span>
              </li>
            ))}
          </ul>
          {result.skipped.length > 50 && <span className="muted">and {result.skipped.length - 50} more</span>}
        </div>
      )}
    </div>
  );
}
