import type { ReactNode } from 'react';
import type { JobProgress } from '../../../shared/contract/domain';
import { ROLLOUT_IMPORT_FORMATS } from '../../../shared/contract/rollouts';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { PathField } from '../../components/PathField';
import { ProgressBar } from '../../components/ProgressBar';
import type { ImportForm, RolloutsState } from './rolloutsStore';

const FORMAT_LABEL: Record<ImportForm['format'], string> = {
  auto: 'Detect from the files',
  libero: 'LIBERO videos',
  'lerobot-eval': 'lerobot-eval output',
  simpler: 'SimplerEnv videos',
  generic: 'Generic (video + JSON sidecar)',
};

export interface ImportRolloutsFormProps {
  form: ImportForm;
  importing: boolean;
  progress: JobProgress | null;
  error: unknown;
  imported: RolloutsState['imported'];
  onChange(patch: Partial<ImportForm>): void;
  onChooseFolder: (() => void) | null;
  /** The server-side folder browser (web mode). */
  browser: ReactNode;
  onImport(): void;
}

/** Rollouts run elsewhere, imported as one evaluation, all or nothing. */
export function ImportRolloutsForm(p: ImportRolloutsFormProps) {
  return (
    <form id="rollouts-import-form" className="rollouts-form" onSubmit={(e) => { e.preventDefault(); p.onImport(); }}>
      <PathField
        label="Rollouts folder"
        aria-label="Rollouts folder"
        placeholder="/data/evals/my_run"
        value={p.form.path}
        onChange={(path) => p.onChange({ path })}
        onChoose={p.onChooseFolder}
        disabled={p.importing}
      />
      {!p.onChooseFolder && !p.importing && p.browser}
      <label className="rollouts-form__field">
        <span className="field__label">Format</span>
        <select className="select" aria-label="rollout format" value={p.form.format} disabled={p.importing} onChange={(e) => p.onChange({ format: e.target.value as ImportForm['format'] })}>
          {ROLLOUT_IMPORT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABEL[f]}</option>)}
        </select>
      </label>
      {p.importing && <ProgressBar done={p.progress?.done ?? 0} total={p.progress?.total ?? 0} label={p.progress?.phase ?? 'Starting'} detail={p.progress?.message} />}
      {p.error ? <ErrorNotice error={toErrorView(p.error, 'Import failed; nothing was imported')} /> : null}
      {p.imported && !p.importing && (
        <div className="notice notice--info" data-testid="rollouts-imported">
          Imported {p.imported.imported} rollout{p.imported.imported === 1 ? '' : 's'} ({p.imported.format}
          {p.imported.transcoded > 0 ? `, ${p.imported.transcoded} re-encoded to H.264` : ''}).
        </div>
      )}
      <div className="rollouts-form__actions">
        <Button variant="primary" type="submit" disabled={p.importing || !p.form.path.trim()}>{p.importing ? 'Importing…' : 'Import rollouts'}</Button>
      </div>
    </form>
  );
}
