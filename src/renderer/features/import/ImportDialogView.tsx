import type { ReactNode } from 'react';
import type { DatasetSummary, JobProgress } from '../../../shared/contract/domain';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { PathField } from '../../components/PathField';
import { ProgressBar } from '../../components/ProgressBar';
import { WarningList } from '../../components/WarningList';
import type { ImportPhase } from './importStore';
import './ImportDialog.css';

export interface ImportDialogViewProps {
  open: boolean;
  phase: ImportPhase;
  path: string;
  copyMedia: boolean;
  progress: JobProgress | null;
  result: DatasetSummary | null;
  error: unknown;
  /** The native "Choose folder" button (Electron) or null in web mode. */
  onChooseFolder: (() => void) | null;
  /** The server-side folder browser (web mode). */
  browser: ReactNode;
  onPath(path: string): void;
  onCopyMedia(copy: boolean): void;
  onStart(): void;
  onAgain(): void;
  onOpenDataset(id: number): void;
  onClose(): void;
}

export function ImportDialogView(p: ImportDialogViewProps) {
  const running = p.phase === 'running';
  const footer =
    p.phase === 'done' && p.result ? (
      <>
        <Button onClick={p.onAgain}>Import another</Button>
        <Button variant="primary" onClick={() => p.result && p.onOpenDataset(p.result.id)}>
          Show episodes
        </Button>
      </>
    ) : (
      <>
        <Button onClick={p.onClose}>{running ? 'Hide' : 'Cancel'}</Button>
        <Button variant="primary" type="submit" form="import-form" disabled={running || !p.path.trim()}>
          {p.phase === 'failed' ? 'Retry import' : 'Import'}
        </Button>
      </>
    );

  return (
    <Dialog open={p.open} title="Import a LeRobot dataset" onClose={p.onClose} footer={footer} width={640}>
      {p.phase === 'done' && p.result ? (
        <ImportResult result={p.result} />
      ) : (
        <form
          id="import-form"
          className="import-form"
          onSubmit={(e) => {
            e.preventDefault();
            p.onStart();
          }}
        >
          <PathField
            label="Dataset folder (the one holding meta/)"
            name="path"
            aria-label="Dataset folder"
            placeholder="/data/lerobot/my_dataset"
            value={p.path}
            onChange={p.onPath}
            onChoose={p.onChooseFolder}
            disabled={running}
            autoFocus
          />
          {!p.onChooseFolder && !running && p.browser}
          <label className="checkbox">
            <input type="checkbox" checked={p.copyMedia} disabled={running} onChange={(e) => p.onCopyMedia(e.target.checked)} />
            Copy videos into the project
            <span className="muted">— otherwise they are read in place and must stay where they are</span>
          </label>
          {running && (
            <ProgressBar
              done={p.progress?.done ?? 0}
              total={p.progress?.total ?? 0}
              label={p.progress ? capitalise(p.progress.phase) : 'Starting'}
              detail={p.progress?.message}
            />
          )}
          {p.phase === 'failed' && <ErrorNotice error={toErrorView(p.error, 'Import failed; nothing was imported')} />}
        </form>
      )}
    </Dialog>
  );
}

function ImportResult({ result }: { result: DatasetSummary }) {
  return (
    <div className="import-result" data-testid="import-result">
      <div className="import-result__head">
        <span className="badge badge--ok">Imported</span>
        <strong>{result.name}</strong>
        <span className="muted">
          {result.format} {result.formatVersion}
        </span>
      </div>
      <dl className="facts">
        <dt>Episodes</dt>
        <dd className="mono">{formatCount(result.episodeCount)}</dd>
        <dt>Frames</dt>
        <dd className="mono">{formatCount(result.frameCount)}</dd>
        <dt>Rate</dt>
        <dd className="mono">{result.fps} fps</dd>
        <dt>Cameras</dt>
        <dd>{result.cameras.join(', ') || 'none'}</dd>
        <dt>Source</dt>
        <dd className="mono import-result__source">{result.sourcePath}</dd>
      </dl>
      {result.warnings.length > 0 ? (
        <WarningList
          warnings={result.warnings}
          initial={8}
          title={`${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}: imported what was there, check these`}
        />
      ) : (
        <div className="notice notice--info">No warnings: every declared file and field was found.</div>
      )}
    </div>
  );
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
