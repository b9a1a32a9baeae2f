import { useState } from 'react';
import type { AppInfo, JobProgress, ProjectInfo } from '../../shared/contract/domain';
import { useHotkeys } from '../components/hotkeys';
import { datasetsStore, episodeListStore } from '../features/episodes/stores';
import { EpisodeSidebar } from '../features/episodes/EpisodeSidebar';
import { EpisodeView } from '../features/episodes/EpisodeView';
import { AnnotateWorkspace } from '../features/annotate/AnnotateWorkspace';
import { GroundingPage } from '../features/grounding/GroundingPage';
import { TrainingPage } from '../features/training/TrainingPage';
import { RolloutsPage } from '../features/rollouts/RolloutsPage';
import { RolloutPlayer } from '../features/rollouts/player/RolloutPlayer';
import { ImportDialog } from '../features/import/ImportDialog';
import type { ConnectionState } from '../platform/client';
import { jobsStore } from './jobs';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { Welcome } from './Welcome';

export interface WorkbenchProps {
  info: AppInfo;
  project: ProjectInfo;
  connection: ConnectionState;
  jobs: JobProgress[];
}

/** The open project: top bar, episode sidebar, episode view, status bar, and the dialogs. */
export function Workbench({ info, project, connection, jobs }: WorkbenchProps) {
  const [importOpen, setImportOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [groundingOpen, setGroundingOpen] = useState(false);
  const [trainingOpen, setTrainingOpen] = useState(false);
  const [rolloutsOpen, setRolloutsOpen] = useState(false);
  const sample = [...jobs].reverse().find((j) => j.kind === 'sample') ?? null;

  useHotkeys((e) => {
    if (e.key === 'i') setImportOpen(true);
    else if (e.key === '?') setHelpOpen(true);
    else return false;
    return true;
  });

  return (
    <div className="workbench">
      <TopBar project={project} shell={info.shell} onImport={() => setImportOpen(true)} onGrounding={() => setGroundingOpen(true)} onTrain={() => setTrainingOpen(true)} onRollouts={() => setRolloutsOpen(true)} onHelp={() => setHelpOpen(true)} />
      <div className="workbench__body">
        <EpisodeSidebar preparingSample={info.preparingSample} />
        {project.episodeCount === 0 ? (
          <Welcome preparingSample={info.preparingSample} sample={sample} onImport={() => setImportOpen(true)} />
        ) : (
          <EpisodeView annotate={(episode, exit) => <AnnotateWorkspace key={episode.id} episode={episode} onExit={exit} />} />
        )}
      </div>
      <StatusBar connection={connection} jobs={jobs} onDismiss={(id) => jobsStore.getState().dismiss(id)} version={info.version} />
      <ImportDialog
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onOpenDataset={(id) => {
          void datasetsStore.getState().load();
          episodeListStore.getState().setFilters({ datasetId: id, task: undefined });
          void datasetsStore.getState().loadTasks(id);
          episodeListStore.getState().select(null);
        }}
      />
      <GroundingPage open={groundingOpen} onClose={() => setGroundingOpen(false)} />
      <TrainingPage open={trainingOpen} onClose={() => setTrainingOpen(false)} />
      <RolloutsPage
        open={rolloutsOpen}
        onClose={() => setRolloutsOpen(false)}
        renderPlayer={(rollout, startStep) => <RolloutPlayer rolloutId={rollout.id} startStep={startStep ?? undefined} />}
        onOpenEpisode={(datasetId, episodeId) => {
          void datasetsStore.getState().load();
          episodeListStore.getState().setFilters({ datasetId, task: undefined });
          void datasetsStore.getState().loadTasks(datasetId);
          episodeListStore.getState().select(episodeId);
        }}
      />
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
