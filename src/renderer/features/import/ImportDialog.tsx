import { useStore } from 'zustand';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { getStudioClient } from '../../platform/client';
import { hasNativeDialogs, pickFolder } from '../../platform/shell';
import { ImportDialogView } from './ImportDialogView';
import { createImportStore, looksLikeLeRobot } from './importStore';

/** One import at a time per window; the store outlives the dialog so closing it does not lose a run. */
export const importStore = createImportStore(getStudioClient);

export function ImportDialog({ open, onClose, onOpenDataset }: {
  open: boolean;
  onClose(): void;
  onOpenDataset(id: number): void;
}) {
  const s = useStore(importStore);
  const native = hasNativeDialogs();
  return (
    <ImportDialogView
      open={open}
      phase={s.phase}
      path={s.path}
      copyMedia={s.copyMedia}
      progress={s.progress}
      result={s.result}
      error={s.error}
      onChooseFolder={
        native
          ? () => {
              void pickFolder().then((dir) => dir && s.setPath(dir));
            }
          : null
      }
      browser={
        <FolderBrowser
          path={s.path}
          onPick={s.setPath}
          badge={(listing) => looksLikeLeRobot(listing) && <span className="badge badge--ok">LeRobot dataset</span>}
        />
      }
      onPath={s.setPath}
      onCopyMedia={s.setCopyMedia}
      onStart={() => void s.start()}
      onAgain={s.again}
      onOpenDataset={(id) => {
        onOpenDataset(id);
        s.again();
        onClose();
      }}
      onClose={onClose}
    />
  );
}
