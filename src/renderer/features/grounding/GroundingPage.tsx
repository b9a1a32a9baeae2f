import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { getStudioClient } from '../../platform/client';
import { hasNativeDialogs, pickFolder } from '../../platform/shell';
import { GroundingPageView, type GroundingTab } from './GroundingPageView';
import { createGroundingStore, isDirty } from './groundingStore';

/** One store per window: unsaved template edits and a running export outlive closing the page. */
export const groundingStore = createGroundingStore(getStudioClient);

const PREVIEW_DEBOUNCE_MS = 300;

export function GroundingPage({ open, onClose }: { open: boolean; onClose(): void }) {
  const s = useStore(groundingStore);
  const [tab, setTab] = useState<GroundingTab>('templates');
  const native = hasNativeDialogs();
  const dirty = isDirty(s);

  useEffect(() => {
    if (open) void groundingStore.getState().load();
  }, [open]);

  // The preview follows the editor, a moment after the typing stops.
  useEffect(() => {
    if (!open || !s.draft) return;
    const timer = setTimeout(() => void groundingStore.getState().refreshPreview(), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, s.draft]);

  // Annotations drawn elsewhere change what the export would write.
  useEffect(() => {
    if (!open) return;
    const client = getStudioClient();
    const refresh = () => void groundingStore.getState().refreshPreview();
    const offs = [client.on('annotations.changed', refresh), client.on('labels.changed', refresh)];
    return () => offs.forEach((off) => off());
  }, [open]);

  const chooseFolder = (apply: (dir: string) => void) => (native ? () => void pickFolder().then((dir) => dir && apply(dir)) : null);

  return (
    <GroundingPageView
      open={open}
      tab={tab}
      onTab={setTab}
      onDataset={s.setDataset}
      state={s}
      dirty={dirty}
      editor={{ onEdit: s.editLine, onAdd: s.addLine, onRemove: s.removeLine }}
      onSave={() => void s.save()}
      onReset={s.resetToDefaults}
      onClose={onClose}
      exportProps={{
        form: s.exportForm,
        phase: s.exportPhase,
        progress: s.exportProgress,
        result: s.exportResult,
        error: s.exportError,
        onChooseFolder: chooseFolder((out) => s.setExport({ out })),
        browser: <FolderBrowser path={s.exportForm.out} onPick={(out) => s.setExport({ out })} />,
        onChange: s.setExport,
        onStart: () => void s.startExport(),
      }}
      importProps={{
        form: s.importForm,
        phase: s.importPhase,
        result: s.importResult,
        error: s.importError,
        onChooseFolder: chooseFolder((path) => s.setImport({ path })),
        browser: (
          <FolderBrowser
            path={s.importForm.path}
            onPick={(path) => s.setImport({ path })}
            acceptFile={(name) => name.endsWith('.jsonl')}
            onPickFile={(path) => s.setImport({ path })}
          />
        ),
        onChange: s.setImport,
        onStart: () => void s.startImport(),
      }}
    />
  );
}
