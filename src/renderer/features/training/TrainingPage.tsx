import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { getStudioClient } from '../../platform/client';
import { Button } from '../../components/Button';
import { RunView } from './RunView';
import { TrainFormView } from './TrainFormView';
import { CompareView, TrainingPageView } from './TrainingPageView';
import { createTrainingStore } from './trainingStore';

/** One store per window: a run's curves keep filling while the page is closed. */
export const trainingStore = createTrainingStore(getStudioClient);

export function TrainingPage({ open, onClose }: { open: boolean; onClose(): void }) {
  const s = useStore(trainingStore);
  const [comparing, setComparing] = useState(false);
  const [metric, setMetric] = useState('loss');

  // Mounted with the workbench, closed or not: curves keep filling while the page is closed.
  useEffect(() => trainingStore.getState().listen(), []);
  useEffect(() => {
    if (open) void trainingStore.getState().load();
  }, [open]);

  const steps: Record<number, number> = {};
  for (const run of s.runs) {
    const last = s.progress[run.id]?.step ?? s.series[run.id]?.loss?.at(-1)?.step;
    if (last !== undefined) steps[run.id] = last;
  }
  const compareRuns = s.runs.filter((r) => s.compare.includes(r.id));

  let main;
  if (comparing && compareRuns.length >= 2) {
    main = (
<CompareView runs={compareRuns} series={s.series} metric={metric} onMetric={setMetric} onBack={() => setComparing(false)} />
    );
  } else if (s.openRunId !== null && s.detail) {
    const id = s.openRunId;
    main = (
      <RunView
        detail={s.detail}
        series={s.series[id] ?? {}}
        progress={s.progress[id] ?? null}
        log={s.log[id] ?? []}
        workerLog={s.workerLog[id] ?? []}
        error={s.actionError}
        onCancel={() => void s.cancel(id)}
        onKill={() => void s.kill(id)}
        onResume={() => void s.resume(id)}
        onClone={() => void s.clone(id)}
      />
    );
  } else if (s.openRunId !== null) {
    main = <div className="train-run__empty">Reading the run…</div>;
  } else {
    main = (
      <TrainFormView
        form={s.form}
        datasets={s.datasets}
        issues={s.issues}
        starting={s.starting}
        startError={s.startError}
        episodes={s.episodes}
        onLoadEpisodes={(ids) => void s.loadEpisodes(ids).catch(() => undefined)}
        onChange={s.setForm}
        onStart={() => void s.start()}
      />
    );
  }

  return (
    <TrainingPageView
      open={open}
      runs={s.runs}
      loadError={s.loadError}
      openRunId={comparing ? null : s.openRunId}
      steps={steps}
      compare={s.compare}
      main={
        <>
          {!comparing && compareRuns.length >= 2 && (
            <div className="training__compare-bar">
              <Button onClick={() => setComparing(true)} data-testid="compare-runs">Overlay {compareRuns.length} runs</Button>
            </div>
          )}
          {main}
        </>
      }
      onNew={() => { setComparing(false); void s.openRun(null); }}
      onOpen={(id) => { setComparing(false); void s.openRun(id); }}
      onToggleCompare={s.toggleCompare}
      onClose={onClose}
    />
  );
}
