import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import type { GroundingState } from './groundingStore';
import { ExportView, type ExportViewProps } from './ExportView';
import { ImportView, type ImportViewProps } from './ImportView';
import { PreviewView } from './PreviewView';
import { TemplateEditorView, type TemplateEditorViewProps } from './TemplateEditorView';
import './grounding.css';

export type GroundingTab = 'templates' | 'export' | 'import';

export interface GroundingPageViewProps {
  open: boolean;
  tab: GroundingTab;
  state: Pick<
    GroundingState,
    | 'draft' | 'custom' | 'issues' | 'saving' | 'saveError' | 'loadError' | 'preview' | 'previewLoading' | 'previewError'
    | 'datasets' | 'datasetId'
  >;
  dirty: boolean;
  editor: Pick<TemplateEditorViewProps, 'onEdit' | 'onAdd' | 'onRemove'>;
  exportProps: Omit<ExportViewProps, 'preview' | 'unsavedTemplates'>;
  importProps: ImportViewProps;
  onTab(tab: GroundingTab): void;
  onDataset(id: number | null): void;
  onSave(): void;
  onReset(): void;
  onClose(): void;
}

const TABS: [GroundingTab, string][] = [['templates', 'Templates & preview'], ['export', 'Export'], ['import', 'Import JSONL']];

/** Grounding QA data: the templates that phrase the records, what they give, and the export and import. */
export function GroundingPageView(p: GroundingPageViewProps) {
  const { state } = p;
  const hasIssues = Object.keys(state.issues).length > 0;
  const running = p.exportProps.phase === 'running' || p.importProps.phase === 'running';
  let body: ReactNode;
  let footer: ReactNode;
  if (p.tab === 'templates') {
    body = (
      <div className="grounding__split">
        {state.draft ? (
          <TemplateEditorView draft={state.draft} issues={state.issues} disabled={state.saving} {...p.editor} />
        ) : state.loadError ? (
          <ErrorNotice error={toErrorView(state.loadError, 'Cannot read the templates')} />
        ) : (
          <EmptyState title="Reading the templates…" />
        )}
        <PreviewView preview={state.preview} loading={state.previewLoading} error={state.previewError} unsaved={p.dirty && !hasIssues} />
      </div>
    );
    footer = (
      <>
        <span className="grounding__status" data-testid="templates-status">
          {p.dirty ? (hasIssues ? 'Unsaved edits with problems' : 'Unsaved edits') : state.custom ? "Saved in this project" : "The studio's defaults"}
        </span>
        {state.saveError ? <span className="grounding__save-error" role="alert">{toErrorView(state.saveError).message}</span> : null}
        <Button onClick={p.onReset} disabled={state.saving || !state.draft}>Reset to defaults</Button>
        <Button variant="primary" onClick={p.onSave} disabled={!p.dirty || hasIssues || state.saving}>
          {state.saving ? 'Saving…' : 'Save templates'}
        </Button>
      </>
    );
  } else if (p.tab === 'export') {
    body = <ExportView {...p.exportProps} preview={state.preview} unsavedTemplates={p.dirty} />;
    footer = (
      <Button variant="primary" type="submit" form="grounding-export-form" disabled={running || !p.exportProps.form.out.trim()}>
        {p.exportProps.phase === 'failed' ? 'Retry export' : 'Export'}
      </Button>
    );
  } else {
    body = <ImportView {...p.importProps} />;
    footer = (
      <Button variant="primary" type="submit" form="grounding-import-form" disabled={running || !p.importProps.form.path.trim()}>
        Import
      </Button>
    );
  }

  return (
    <Dialog open={p.open} title="Grounding QA data" onClose={p.onClose} width={1180} dismissable={!running} footer={footer}>
      <div className="grounding" data-tab={p.tab}>
        <nav className="grounding__tabs" role="tablist" aria-label="Grounding">
          {TABS.map(([id, title]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={p.tab === id}
              className={`grounding__tab${p.tab === id ? ' is-on' : ''}`}
              onClick={() => p.onTab(id)}
            >
              {title}
              {id === 'templates' && p.dirty && <span className="grounding__dot" aria-label="unsaved" />}
            </button>
          ))}
          {p.tab !== 'import' && state.datasets.length > 1 && (
            <label className="grounding__scope">
              <span className="field__label">Records from</span>
              <select
                className="select"
                aria-label="Dataset to export"
                value={state.datasetId ?? ''}
                disabled={running}
                onChange={(e) => p.onDataset(e.target.value === '' ? null : Number(e.target.value))}
              >
                <option value="">all datasets</option>
                {state.datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
            </label>
          )}
        </nav>
        {body}
      </div>
    </Dialog>
  );
}
