import type { JobProgress } from '../../shared/contract/domain';
import { Button } from '../components/Button';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProgressBar } from '../components/ProgressBar';

export interface WelcomeProps {
  preparingSample: boolean;
  sample: JobProgress | null;
  onImport(): void;
}

/** The main area of a project without episodes: the sample being built, or how to bring data in. */
export function Welcome({ preparingSample, sample, onImport }: WelcomeProps) {
  return (
    <main className="welcome">
      <div className="welcome__card">
        {preparingSample ? (
          <>
            <h1>Building your sample project</h1>
            <p>
              The studio’s built-in tabletop robot is recording a few episodes (two cameras, state, actions and an
              instruction each) so there is something to browse right away. This takes under a minute, once.
            </p>
            <ProgressBar
              done={sample?.done ?? 0}
              total={sample?.total ?? 0}
              label={sample ? capitalise(sample.phase) : 'Starting'}
              detail={sample?.message}
            />
            {sample?.error && <ErrorNotice error={{ title: 'The sample could not be built', message: sample.error }} />}
            <p className="muted">Meanwhile you can import a dataset of your own.</p>
            <div>
              <Button onClick={onImport} shortcut="I">Import dataset</Button>
            </div>
          </>
        ) : (
          <>
            <h1>Import your first dataset</h1>
            <p>
              Point the studio at a LeRobot dataset folder (v2.0, v2.1 or v3.0). Videos are read in place unless you
              ask for a copy; anything missing or inconsistent is reported as a warning, and the rest is imported.
            </p>
            <div>
              <Button variant="primary" onClick={onImport} shortcut="I">Import dataset</Button>
            </div>
          </>
        )}
      </div>
    </main>
  );
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
