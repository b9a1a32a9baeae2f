/** What the Rollouts page's store holds and does: the contract's shapes as the page uses them, and the state. */
import type { z } from 'zod';
import type { JobProgress } from '../../../shared/contract/domain';
import type { UnsureFrame as UnsureFrameSchema } from '../../../shared/contract/evaluations';
import type { EvaluationSummary as EvaluationSchema, FailureTag as FailureTagSchema, RolloutCount as RolloutCountSchema, ROLLOUT_IMPORT_FORMATS, RolloutSummary } from '../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../shared/rollouts/record';
import type { CheckpointChoice, EvaluationForm } from './evaluationForm';
import type { Segment } from './failureRows';

export type EvaluationSummary = z.infer<typeof EvaluationSchema>;
export type FailureTag = z.infer<typeof FailureTagSchema>;
export type RolloutCount = z.infer<typeof RolloutCountSchema>;
export type UnsureFrame = z.infer<typeof UnsureFrameSchema>;
export type ImportFormat = (typeof ROLLOUT_IMPORT_FORMATS)[number];

export type Pane = 'results' | 'failures' | 'taxonomy' | 'new' | 'import';

/** The failures table's filters; all of them must hold (rollouts.list's own filters). */
export interface FailureFilters {
  /** Confirmed tag, else suggested. */
  tag?: string;
  variant?: string;
  /** null: rollouts of no checkpoint (imported ones). */
  checkpointId?: number | null;
  success?: boolean;
}

export interface ImportForm {
  path: string;
  format: ImportFormat;
}

export interface SentToAnnotation {
  rolloutId: number;
  episodeId: number;
  datasetId: number;
  annotations: number;
  created: boolean;
}

export interface RolloutsState {
  pane: Pane;
  evaluations: EvaluationSummary[];
  loadError: unknown;
  checkpoints: CheckpointChoice[];
  /** The evaluations the results, failures and least-sure frames are of; none: every rollout of the project. */
  selected: number[];
  /** Latest job.progress of each running evaluation, by evaluation id. */
  progress: Record<number, JobProgress>;
  actionError: unknown;

  /** Every rollout of each selected evaluation, for the results table. */
  results: Record<number, RolloutSummary[]>;
  resultsError: unknown;

  filters: FailureFilters;
  segments: Segment[];
  /** Loaded rows of the failures list, by list index. */
  rows: Record<number, RolloutSummary>;
  total: number;
  /** rollouts.counts of the selected evaluations, unfiltered: the filters' choices and the counts by tag. */
  counts: RolloutCount[];
  listError: unknown;
  tagError: unknown;

  taxonomy: FailureTag[];
  taxonomyError: unknown;

  openRolloutId: number | null;
  /** The step the player starts at (a least-sure frame), null for the start. */
  startStep: number | null;
  detail: { rollout: RolloutSummary; record: RolloutRecord } | null;
  detailError: unknown;
  leastSure: UnsureFrame[] | null;
  leastSureBusy: boolean;
  leastSureError: unknown;
  sent: SentToAnnotation | null;
  sending: boolean;
  sendError: unknown;

  form: EvaluationForm;
  issues: Record<string, string>;
  starting: boolean;
  startError: unknown;

  importForm: ImportForm;
  importing: boolean;
  importProgress: JobProgress | null;
  importError: unknown;
  imported: { evaluationId: number; format: string; imported: number; transcoded: number } | null;

  setPane(pane: Pane): void;
  load(): Promise<void>;
  /** Shows these evaluations (one click: one; the checkboxes: several). */
  select(ids: number[]): Promise<void>;
  toggleSelected(id: number): Promise<void>;
  setFilters(patch: Partial<FailureFilters>): Promise<void>;
  /** Fetches the pages holding failures rows start..end not fetched yet. */
  ensureRange(start: number, end: number): Promise<void>;
  tag(id: number, tag: string | null): Promise<void>;
  saveTaxonomy(tags: { name: string; description?: string; color?: string | null; from?: string }[]): Promise<boolean>;
  openRollout(id: number, step?: number | null): Promise<void>;
  closeRollout(): void;
  findLeastSure(): Promise<void>;
  sendToAnnotation(id: number): Promise<SentToAnnotation | null>;
  dismissSent(): void;
  setForm(patch: Partial<EvaluationForm>): void;
  start(): Promise<EvaluationSummary | null>;
  cancel(id: number): Promise<void>;
  setImportForm(patch: Partial<ImportForm>): void;
  importRollouts(): Promise<void>;
  /** Subscribes to rollouts.changed, evaluations.changed and job.progress; returns the unsubscribe. */
  listen(): () => void;
}
