import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { JobProgress } from '../../../shared/contract/domain';
import {
  GroundingTemplates, type GroundingExportResult, type GroundingImportResult, type GroundingPreview, type TemplateKind,
} from '../../../shared/contract/grounding';

export type TemplatePart = 'questions' | 'answers';
export type RunPhase = 'editing' | 'running' | 'done' | 'failed';

/** Field key of one template line, as issues are keyed: "point.questions.2"; "point.questions" for the list. */
export type FieldKey = string;

export interface GroundingState {
  /** What the project has saved (null until loaded). */
  saved: GroundingTemplates | null;
  defaults: GroundingTemplates | null;
  /** Whether the saved templates are the project's own (false: the studio's defaults). */
  custom: boolean;
  /** The editor's copy; differs from `saved` while there are unsaved edits. */
  draft: GroundingTemplates | null;
  loadError: unknown;
  saving: boolean;
  saveError: unknown;
  /** Problems of the draft by field, checked here as the user types and by the backend on save. */
  issues: Record<FieldKey, string>;

  /** The datasets of the project, and the one preview and export are limited to (null: all). */
  datasets: { id: number; name: string }[];
  datasetId: number | null;

  preview: GroundingPreview | null;
  previewLoading: boolean;
  previewError: unknown;

  exportForm: { out: string; size: number; coco: boolean; overwrite: boolean };
  exportPhase: RunPhase;
  exportProgress: JobProgress | null;
  exportResult: GroundingExportResult | null;
  exportError: unknown;

  importForm: { path: string; createLabels: boolean };
  importPhase: RunPhase;
  importResult: GroundingImportResult | null;
  importError: unknown;

  load(): Promise<void>;
  editLine(kind: TemplateKind, part: TemplatePart, index: number, text: string): void;
  addLine(kind: TemplateKind, part: TemplatePart): void;
  removeLine(kind: TemplateKind, part: TemplatePart, index: number): void;
  /** Puts the studio's defaults in the editor; saving them makes the project follow the defaults again. */
  resetToDefaults(): void;
  /** Saves the draft; on failure the draft stays as it was, with the backend's complaints by field. */
  save(): Promise<void>;
  refreshPreview(): Promise<void>;
  setDataset(id: number | null): void;
  setExport(patch: Partial<GroundingState['exportForm']>): void;
  startExport(): Promise<void>;
  setImport(patch: Partial<GroundingState['importForm']>): void;
  startImport(): Promise<void>;
}

type Client = Pick<StudioClient, 'call' | 'on'>;

export const PREVIEW_LIMIT = 500;

export function sameTemplates(a: GroundingTemplates | null, b: GroundingTemplates | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isDirty(s: Pick<GroundingState, 'saved' | 'draft'>): boolean {
  return s.draft !== null && !sameTemplates(s.draft, s.saved);
}

/** Zod issues (from the local check or the backend's error details) keyed by field, first message wins. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<FieldKey, string> {
  const out: Record<FieldKey, string> = {};
  for (const issue of issues) {
    const path = issue.path[0] === 'templates' ? issue.path.slice(1) : issue.path;
    const key = path.map(String).join('.');
    if (key && !(key in out)) out[key] = issue.message;
  }
  return out;
}

export function checkTemplates(draft: GroundingTemplates): Record<FieldKey, string> {
  const parsed = GroundingTemplates.safeParse(draft);
  return parsed.success ? {} : issuesByField(parsed.error.issues);
}

function errorIssues(error: unknown): Record<FieldKey, string> {
  const details = (error as { details?: unknown })?.details;
  if (!Array.isArray(details)) return {};
  return issuesByField(details.filter((d): d is { path: PropertyKey[]; message: string } => Array.isArray(d?.path) && typeof d?.message === 'string'));
}

let jobCounter = 0;
function newJobId(): string {
  jobCounter += 1;
  return `grounding-${Date.now().toString(36)}-${jobCounter}`;
}

export function createGroundingStore(getClient: () => Client) {
  // Only the newest preview answer is shown: edits fire previews faster than they come back.
  let previewSeq = 0;

  return createStore<GroundingState>()((set, get) => {
    const scope = () => {
      const { datasetId } = get();
      return datasetId === null ? {} : { datasetIds: [datasetId] };
    };
    const changeDraft = (change: (draft: GroundingTemplates) => GroundingTemplates) => {
      const { draft } = get();
      if (!draft) return;
      const next = change(draft);
      set({ draft: next, issues: checkTemplates(next), saveError: null });
    };
    const editList = (kind: TemplateKind, part: TemplatePart, edit: (list: string[]) => string[]) =>
      changeDraft((d) => ({ ...d, [kind]: { ...d[kind], [part]: edit(d[kind][part]) } }));

    return {
      saved: null,
      defaults: null,
      custom: false,
      draft: null,
      loadError: null,
      saving: false,
      saveError: null,
      issues: {},
      datasets: [],
      datasetId: null,
      preview: null,
      previewLoading: false,
      previewError: null,
      exportForm: { out: '', size: 224, coco: true, overwrite: false },
      exportPhase: 'editing',
      exportProgress: null,
      exportResult: null,
      exportError: null,
      importForm: { path: '', createLabels: true },
      importPhase: 'editing',
      importResult: null,
      importError: null,

      async load() {
        try {
          const [state, datasets] = await Promise.all([
            getClient().call('grounding.templates.get', {}),
            getClient().call('datasets.list', {}),
          ]);
          const datasetId = datasets.some((d) => d.id === get().datasetId) ? get().datasetId : null;
          // Unsaved edits survive a reload of the saved state (e.g. reopening the page).
          const keep = isDirty(get());
          set({
            saved: state.templates, defaults: state.defaults, custom: state.custom, loadError: null,
            datasets: datasets.map((d) => ({ id: d.id, name: d.name })), datasetId,
            draft: keep ? get().draft : state.templates, issues: keep ? get().issues : {},
          });
        } catch (error) {
          set({ loadError: error });
        }
        await get().refreshPreview();
      },

      editLine: (kind, part, index, text) => editList(kind, part, (list) => list.map((t, i) => (i === index ? text : t))),
      addLine: (kind, part) => editList(kind, part, (list) => [...list, part === 'answers' ? '{answer}' : '']),
      removeLine: (kind, part, index) => editList(kind, part, (list) => list.filter((_, i) => i !== index)),
      resetToDefaults() {
        const { defaults } = get();
        if (defaults) changeDraft(() => structuredClone(defaults));
      },

      async save() {
        const { draft, defaults, saving } = get();
        if (!draft || saving) return;
        const issues = checkTemplates(draft);
        if (Object.keys(issues).length > 0) {
          set({ issues });
          return;
        }
        set({ saving: true, saveError: null });
        try {
          // The defaults saved as they are mean "follow the defaults", so later studio updates reach the project.
          const templates = sameTemplates(draft, defaults) ? null : draft;
          const state = await getClient().call('grounding.templates.set', { templates });
          set({ saved: state.templates, custom: state.custom, defaults: state.defaults, saving: false, issues: {} });
          // The backend may normalise (trim); the editor shows what was stored unless the user typed meanwhile.
          if (sameTemplates(get().draft, draft)) set({ draft: state.templates });
        } catch (error) {
          set({ saving: false, saveError: error, issues: { ...get().issues, ...errorIssues(error) } });
        }
      },

      async refreshPreview() {
        const seq = ++previewSeq;
        const { draft } = get();
        // An unsaved draft with problems cannot be previewed; the saved templates are shown until it is fixed.
        const usable = draft && isDirty(get()) && Object.keys(checkTemplates(draft)).length === 0 ? draft : undefined;
        set({ previewLoading: true });
        try {
          const preview = await getClient().call('grounding.preview', {
            limit: PREVIEW_LIMIT, ...(usable ? { templates: usable } : {}), ...scope(),
          });
          if (seq === previewSeq) set({ preview, previewLoading: false, previewError: null });
        } catch (error) {
          if (seq === previewSeq) set({ previewLoading: false, previewError: error });
        }
      },

      // A changed form is a new export: the last summary gives way to the form.
      setDataset(datasetId) {
        set({ datasetId, ...(get().exportPhase === 'done' ? { exportPhase: 'editing' as const } : {}) });
        void get().refreshPreview();
      },

      setExport: (patch) => set({ exportForm: { ...get().exportForm, ...patch }, ...(get().exportPhase === 'done' ? { exportPhase: 'editing' as const } : {}) }),

      async startExport() {
        const form = get().exportForm;
        const out = form.out.trim();
        if (!out || get().exportPhase === 'running') return;
        const jobId = newJobId();
        const client = getClient();
        set({ exportPhase: 'running', exportProgress: null, exportResult: null, exportError: null });
        // Subscribe before calling: a small export can finish before the call's answer arrives.
        const off = client.on('job.progress', (p) => {
          if (p.jobId === jobId) set({ exportProgress: p });
        });
        try {
          const result = await client.call('grounding.export', { out, size: form.size, coco: form.coco, overwrite: form.overwrite, jobId, ...scope() });
          set({ exportPhase: 'done', exportResult: result });
        } catch (error) {
          set({ exportPhase: 'failed', exportError: error });
        } finally {
          off();
        }
      },

      setImport: (patch) => set({ importForm: { ...get().importForm, ...patch } }),

      async startImport() {
        const form = get().importForm;
        const path = form.path.trim();
        if (!path || get().importPhase === 'running') return;
        set({ importPhase: 'running', importResult: null, importError: null });
        try {
          const result = await getClient().call('grounding.import', { path, createLabels: form.createLabels });
          set({ importPhase: 'done', importResult: result });
          // What was imported is exported next time: the counts change.
          void get().refreshPreview();
        } catch (error) {
          set({ importPhase: 'failed', importError: error });
        }
      },
    };
  });
}
