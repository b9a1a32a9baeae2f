import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { getStudioClient } from '../../platform/client';
import { hasNativeDialogs, pickFolder } from '../../platform/shell';
import { FailuresView } from './FailuresView';
import { ImportRolloutsForm } from './ImportRolloutsForm';
import { NewEvaluationForm } from './NewEvaluationForm';
import { resultsTable } from './results';
import { RolloutDetail } from './RolloutDetail';
import { ResultsView } from './ResultsView';
import { RolloutsPageView } from './RolloutsPageView';
import { createRolloutsStore, findRollout, type SentToAnnotation } from './rolloutsStore';
import { TaxonomyEditor } from './TaxonomyEditor';

/** One store per window: an evaluation's progress keeps arriving while the page is closed. */
export const rolloutsStore = createRolloutsStore(getStudioClient);

export interface RolloutsPageProps {
  open: boolean;
  onClose(): void;
  /** Shows an episode in the episode list (the one a rollout was sent to annotation as). */
  onOpenEpisode(datasetId: number, episodeId: number): void;
  /** The rollout player, from the player's own module; without it the detail shows no player. */
  renderPlayer?: (rollout: RolloutSummary, startStep: number | null) => ReactNode;
}

export function RolloutsPage({ open, onClose, onOpenEpisode, renderPlayer }: RolloutsPageProps) {
  const s = useStore(rolloutsStore);
  const native = hasNativeDialogs();

  useEffect(() => rolloutsStore.getState().listen(), []);
  useEffect(() => {
    if (open) void rolloutsStore.getState().load();
  }, [open]);

  const names = useMemo(() => Object.fromEntries(s.evaluations.map((e) => [e.id, e.name])), [s.evaluations]);
  const checkpointLabel = useCallback(
    (id: number | null, path: string | null = null) => {
      if (id === null) return path ?? 'imported (no checkpoint)';
      const c = s.checkpoints.find((x) => x.id === id);
      return c ? `${c.runName} @ step ${c.step}` : (path ?? `checkpoint #${id}`);
    },
    [s.checkpoints],
  );
  const selectedEvaluations = s.evaluations.filter((e) => s.selected.includes(e.id));
  const table = useMemo(() => resultsTable(s.selected, s.results), [s.selected, s.results]);
  const onRange = useCallback((a: number, b: number) => void rolloutsStore.getState().ensureRange(a, b), []);

  const open_ = s.openRolloutId !== null ? findRollout(s, s.openRolloutId) : null;
  const detail = open_ ? (
    <RolloutDetail
      key={open_.id}
      rollout={open_}
      record={s.detail?.rollout.id === open_.id ? s.detail.record : null}
      error={s.detailError}
      evaluationName={names[open_.evaluationId] ?? `evaluation #${open_.evaluationId}`}
      checkpointLabel={checkpointLabel(open_.checkpointId)}
      taxonomy={s.taxonomy}
      startStep={s.startStep}
      player={renderPlayer ? renderPlayer(open_, s.startStep) : null}
      sending={s.sending}
      sendError={s.sendError}
      onTag={(tag) => void s.tag(open_.id, tag)}
      onSend={() => void s.sendToAnnotation(open_.id)}
      onClose={s.closeRollout}
    />
  ) : null;

  let main: ReactNode;
  switch (s.pane) {
    case 'new':
      main = <NewEvaluationForm form={s.form} checkpoints={s.checkpoints} issues={s.issues} starting={s.starting} startError={s.startError} onChange={s.setForm} onStart={() => void s.start()} />;
      break;
    case 'import':
      main = (
        <ImportRolloutsForm
          form={s.importForm}
          importing={s.importing}
          progress={s.importProgress}
          error={s.importError}
          imported={s.imported}
          onChange={s.setImportForm}
          onChooseFolder={native ? () => void pickFolder().then((dir) => dir && s.setImportForm({ path: dir })) : null}
          browser={<FolderBrowser path={s.importForm.path} onPick={(path) => s.setImportForm({ path })} />}
          onImport={() => void s.importRollouts()}
        />
      );
      break;
    case 'taxonomy':
      main = <TaxonomyEditor taxonomy={s.taxonomy} error={s.taxonomyError} onSave={s.saveTaxonomy} />;
      break;
    case 'failures':
      main = (
        <FailuresView
          total={s.total}
          rows={s.rows}
          filters={s.filters}
          counts={s.counts}
          taxonomy={s.taxonomy}
          evaluationNames={s.selected.length > 1 || s.selected.length === 0 ? names : null}
          checkpointLabel={(id) => checkpointLabel(id)}
          openRolloutId={s.openRolloutId}
          listError={s.listError}
          tagError={s.tagError}
          leastSure={s.leastSure}
          leastSureBusy={s.leastSureBusy}
          leastSureError={s.leastSureError}
          detail={detail}
          onFilters={(patch) => void s.setFilters(patch)}
          onRange={onRange}
          onOpen={(id, step) => void s.openRollout(id, step ?? null)}
          onTag={(id, tag) => void s.tag(id, tag)}
          onLeastSure={() => void s.findLeastSure()}
        />
      );
      break;
    default:
      main = <ResultsView evaluations={selectedEvaluations} table={table} loading={s.selected.some((id) => !s.results[id])} error={s.resultsError} />;
  }

  return (
    <RolloutsPageView
      open={open}
      pane={s.pane}
      loadError={s.loadError}
      actionError={s.actionError}
      evaluations={s.evaluations}
      selected={s.selected}
      progress={s.progress}
      checkpointLabel={checkpointLabel}
      main={main}
      sent={s.sent}
      onPane={s.setPane}
      onOpen={(id) => {
        void s.select([id]);
        if (s.pane === 'new' || s.pane === 'import') s.setPane('results');
      }}
      onToggle={(id) => void s.toggleSelected(id)}
      onCancel={(id) => void s.cancel(id)}
      onOpenEpisode={(sent: SentToAnnotation) => {
        s.dismissSent();
        onOpenEpisode(sent.datasetId, sent.episodeId);
        onClose();
      }}
      onDismissSent={s.dismissSent}
      onClose={onClose}
    />
  );
}
