import type { ReactNode } from 'react';
import type { JobProgress } from '../../../shared/contract/domain';
import type { GroundingExportResult, GroundingPreview } from '../../../shared/contract/grounding';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { PathField } from '../../components/PathField';
import { ProgressBar } from '../../components/ProgressBar';
import type { GroundingState, RunPhase } from './groundingStore';
import { CountChips } from './PreviewView';

export interface ExportViewProps {
  form: GroundingState['exportForm'];
  phase: RunPhase;
  progress: JobProgress | null;
  result: GroundingExportResult | null;
  error: unknown;
  preview: GroundingPreview | null;
  /** Unsaved template edits are not exported: say so. */
  unsavedTemplates: boolean;
  onChooseFolder: (() => void) | null;
  browser: ReactNode;
  onChange(patch: Partial<GroundingState['exportForm']>): void;
  onStart(): void;
}

const PHASES: Record<string, string> = { starting: 'Starting', frames: 'Writing frames', writing: 'Writing JSONL, manifest and COCO', done: 'Done' };

export function ExportView(p: ExportViewProps) {
  const running = p.phase === 'running';
  return (
    <form
      id="grounding-export-form"
      className="qa-export"
      onSubmit={(e) => {
        e.preventDefault();
        p.onStart();
      }}
    >
      {p.preview && <CountChips counts={p.preview.counts} total={p.preview.total} />}
      {p.phase === 'done' && p.result && <ExportResult result={p.result} />}
      {p.unsavedTemplates && (
        <div className="notice notice--warn">The templates have unsaved edits; the export uses the saved ones. Save them first to export them.</div>
      )}
      <PathField
        label="Export folder on the studio's machine (created; must be empty)"
        aria-label="Export folder"
        placeholder="/data/exports/grounding"
        value={p.form.out}
        disabled={running}
        onChange={(out) => p.onChange({ out })}
        onChoose={p.onChooseFolder}
      />
      {/* After an export the summary takes the browser's place; editing the form brings it back. */}
      {!p.onChooseFolder && p.phase !== 'running' && p.phase !== 'done' && p.browser}
      <div className="qa-export__options">
        <label className="field qa-export__size">
          <span className="field__label">Image size (px, square)</span>
          <input
            className="input mono"
            type="number"
            aria-label="Image size"
            min={2}
            max={4096}
            value={p.form.size}
            disabled={running}
            onChange={(e) => p.onChange({ size: Math.round(Number(e.target.value)) })}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={p.form.coco} disabled={running} onChange={(e) => p.onChange({ coco: e.target.checked })} />
          Also write COCO (boxes, points as keypoints)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={p.form.overwrite} disabled={running} onChange={(e) => p.onChange({ overwrite: e.target.checked })} />
          Replace the folder if it is not empty
        </label>
      </div>
      {running && (
        <ProgressBar
          done={p.progress?.done ?? 0}
          total={p.progress?.total ?? 0}
          label={PHASES[p.progress?.phase ?? 'starting'] ?? p.progress?.phase}
        />
      )}
      {p.phase === 'failed' && <ErrorNotice error={toErrorView(p.error, 'Export failed; the folder was left as it was')} />}
    </form>
  );
}

function ExportResult({ result }: { result: GroundingExportResult }) {
  const { box, point, trajectory } = result.counts;
  return (
    <div className="qa-result" data-testid="grounding-export-result">
      <div className="qa-result__head">
        <span className="badge badge--ok">Exported</span>
        <span className="mono qa-result__dir" title={result.dir}>{result.dir}</span>
      </div>
      <dl className="facts">
        <dt>Records</dt>
        <dd className="mono">
          {formatCount(result.records)} ({box} box, {point} point, {trajectory} trajectory)
        </dd>
        <dt>Images</dt>
        <dd className="mono">{formatCount(result.images)} PNG, {result.size}×{result.size}, under images/</dd>
        <dt>COCO</dt>
        <dd className="mono">{result.cocoAnnotations === null ? 'not written' : `${formatCount(result.cocoAnnotations)} annotations`}</dd>
        <dt>Files</dt>
        <dd className="mono">{result.files.join(', ')}</dd>
      </dl>
      <p className="muted qa-result__hint">Train on it with annotation_path = {result.dir}/grounding.jsonl and data_path = {result.dir}/.</p>
    </div>
  );
}
