import { useState } from 'react';
import type { JobProgress } from '../../shared/contract/domain';
import { Button } from '../components/Button';
import { ErrorNotice, toErrorView } from '../components/ErrorNotice';
import { ProgressBar } from '../components/ProgressBar';

export interface FirstRunProps {
  preparingSample: boolean;
  sample: JobProgress | null;
  onOpenProject(dir: string, create: boolean): Promise<void>;
}

/**
 * What a user sees before a project is open: the sample project being built on first start (with its
 * progress), or a way to open or create a project folder.
 */
export function FirstRun({ preparingSample, sample, onOpenProject }: FirstRunProps) {
  const [dir, setDir] = useState('');
  const [create, setCreate] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  return (
    <div className="first-run">
      <div className="first-run__card">
        <div className="first-run__brand">
          <span className="topbar__logo" aria-hidden>◢</span> ST4VLA Studio
        </div>
        {preparingSample ? (
          <>
            <h1>Preparing the sample project</h1>
            <p className="muted">
              The studio is recording a few episodes of its built-in tabletop robot so you can browse, review and
              annotate right away. This takes under a minute, once.
            </p>
            <ProgressBar
              done={sample?.done ?? 0}
              total={sample?.total ?? 0}
              label={sample ? sample.phase : 'Starting'}
              detail={sample?.message}
            />
            {sample?.error && <ErrorNotice error={{ title: 'The sample could not be built', message: sample.error }} />}
          </>
        ) : (
          <form
            className="first-run__form"
            onSubmit={(e) => {
              e.preventDefault();
              setBusy(true);
              setError(null);
              onOpenProject(dir.trim(), create)
                .catch((err: unknown) => setError(err))
                .finally(() => setBusy(false));
            }}
          >
            <h1>Open a project</h1>
            <p className="muted">A project is a folder holding the studio's database, imported datasets and annotations.</p>
            <input className="input mono" aria-label="Project folder" placeholder="/home/me/st4vla-project" value={dir} onChange={(e) => setDir(e.target.value)} autoFocus />
            <label className="checkbox">
              <input type="checkbox" checked={create} onChange={(e) => setCreate(e.target.checked)} /> Create the folder if it does not exist
            </label>
            {error ? <ErrorNotice error={toErrorView(error, 'Could not open the project')} /> : null}
            <div>
              <Button variant="primary" type="submit" disabled={busy || !dir.trim()}>
                Open project
              </Button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
