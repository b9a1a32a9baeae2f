import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { JobProgress } from '../../../shared/contract/domain';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { buildEvaluationStart, checkpointChoices, DEFAULT_EVALUATION_FORM, fieldOf, issuesByField, type EvaluationForm } from './evaluationForm';
import { PAGE_SIZE, pagesFor, segmentStart, totalOf, type Segment } from './failureRows';
import type { EvaluationSummary, FailureFilters, RolloutsState } from './rolloutsState';

export type * from './rolloutsState';

type Client = Pick<StudioClient, 'call' | 'on'>;

/** The id of the evaluation a job.progress report is about ("evaluation-<id>"), or null. */
export function evaluationOfJob(p: Pick<JobProgress, 'jobId' | 'kind'>): number | null {
  const m = p.kind === 'evaluate' ? /^evaluation-(\d+)$/.exec(p.jobId) : null;
  return m ? Number(m[1]) : null;
}

export const isRunning = (e: Pick<EvaluationSummary, 'status'>) => e.status === 'running' || e.status === 'queued';

/**
 * Runs `fn` now, or once more after the run in flight when called during one: a burst of events (an
 * evaluation storing rollouts) costs two reloads, not one per event.
 */
function coalesced(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await fn();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
}

let importCounter = 0;

export function createRolloutsStore(getClient: () => Client) {
  return createStore<RolloutsState>()((set, get) => {
    /** Bumped by every new failures query: pages of an older one are dropped when they arrive. */
    let query = 0;
    const pending = new Set<string>();
    /** Until the page first loads, events refresh only the evaluations list: nothing else is shown yet. */
    let loaded = false;

    const listFilter = (segment: Segment) => {
      const { tag, variant, checkpointId, success } = get().filters;
      return {
        ...(segment.evaluationId !== null ? { evaluationId: segment.evaluationId } : {}),
        ...(tag !== undefined ? { tag } : {}),
        ...(variant !== undefined ? { variant } : {}),
        ...(checkpointId !== undefined ? { checkpointId } : {}),
        ...(success !== undefined ? { success } : {}),
      };
    };

    const refreshEvaluations = async () => set({ evaluations: await getClient().call('rollouts.evaluations', {}), loadError: null });

    const refreshCheckpoints = async () => {
      const runs = await getClient().call('training.list', {});
      const details = await Promise.all(runs.map((r) => getClient().call('training.get', { id: r.id })));
      set({ checkpoints: checkpointChoices(runs, Object.fromEntries(details.map((d) => [d.run.id, d.checkpoints]))) });
    };

    const refreshResults = async () => {
      const ids = get().selected;
      try {
        const fetched = await Promise.all(ids.map(async (evaluationId) => {
          const rows: RolloutSummary[] = [];
          for (let total = Infinity; rows.length < total;) {
            const page = await getClient().call('rollouts.list', { evaluationId, offset: rows.length, limit: 1000 });
            rows.push(...page.rows);
            total = page.rows.length === 0 ? rows.length : page.total;
          }
          return [evaluationId, rows] as const;
        }));
        if (ids.join() === get().selected.join()) set({ results: Object.fromEntries(fetched), resultsError: null });
      } catch (error) {
        set({ resultsError: error });
      }
    };

    const refreshFailures = async () => {
      const mine = ++query;
      pending.clear();
      const selected = get().selected;
      const bases: Segment[] = selected.length > 0 ? selected.map((evaluationId) => ({ evaluationId, total: 0 })) : [{ evaluationId: null, total: 0 }];
      try {
        const [pages, counts] = await Promise.all([
          Promise.all(bases.map((s) => getClient().call('rollouts.list', { ...listFilter(s), offset: 0, limit: PAGE_SIZE }))),
          Promise.all(bases.map((s) => getClient().call('rollouts.counts', s.evaluationId !== null ? { evaluationId: s.evaluationId } : {}))),
        ]);
        if (mine !== query) return;
        const segments = bases.map((s, i) => ({ ...s, total: pages[i]!.total }));
        const rows: Record<number, RolloutSummary> = {};
        pages.forEach((page, i) => page.rows.forEach((row, j) => { rows[segmentStart(segments, i) + j] = row; }));
        set({ segments, rows, total: totalOf(segments), counts: counts.flat(), listError: null });
      } catch (error) {
        if (mine === query) set({ listError: error });
      }
    };

    const refreshTaxonomy = async () => {
      try {
        set({ taxonomy: await getClient().call('rollouts.taxonomy.get', {}) });
      } catch (error) {
        set({ taxonomyError: error });
      }
    };

    const refreshDetail = async (id: number) => {
      try {
        const detail = await getClient().call('rollouts.get', { id });
        if (get().openRolloutId === id) set({ detail, detailError: null });
      } catch (error) {
        if (get().openRolloutId === id) set({ detailError: error });
      }
    };

    const reloadAll = coalesced(async () => {
      await Promise.all([refreshEvaluations().catch((error) => set({ loadError: error })), refreshResults(), refreshFailures(), refreshTaxonomy()]);
      const open = get().openRolloutId;
      if (open !== null) await refreshDetail(open);
    });
    const reloadEvaluations = coalesced(() => refreshEvaluations().catch((error) => set({ loadError: error })));

    /** Replaces a rollout wherever the page holds it, so a tag shows before the reload lands. */
    const putRollout = (rollout: RolloutSummary) =>
      set((s) => ({
        rows: Object.fromEntries(Object.entries(s.rows).map(([i, r]) => [i, r.id === rollout.id ? rollout : r])),
        results: Object.fromEntries(Object.entries(s.results).map(([e, rows]) => [e, rows.map((r) => (r.id === rollout.id ? rollout : r))])),
        detail: s.detail?.rollout.id === rollout.id ? { ...s.detail, rollout } : s.detail,
      }));

    const showSelection = async (ids: number[]) => {
      set({ selected: ids, results: {}, leastSure: null, leastSureError: null });
      await Promise.all([refreshResults(), refreshFailures()]);
    };

    return {
      pane: 'results', evaluations: [], loadError: null, checkpoints: [], selected: [], progress: {}, actionError: null,
      results: {}, resultsError: null,
      filters: {}, segments: [], rows: {}, total: 0, counts: [], listError: null, tagError: null,
      taxonomy: [], taxonomyError: null,
      openRolloutId: null, startStep: null, detail: null, detailError: null,
      leastSure: null, leastSureBusy: false, leastSureError: null, sent: null, sending: false, sendError: null,
      form: DEFAULT_EVALUATION_FORM, issues: {}, starting: false, startError: null,
      importForm: { path: '', format: 'auto' }, importing: false, importProgress: null, importError: null, imported: null,

      setPane: (pane) => set({ pane }),

      async load() {
        loaded = true;
        try {
          await Promise.all([refreshEvaluations(), refreshTaxonomy()]);
        } catch (error) {
          set({ loadError: error });
          return;
        }
        // Checkpoints only feed the form: a project that cannot list runs still reviews its rollouts.
        void refreshCheckpoints().catch((error) => set({ startError: error }));
        const known = new Set(get().evaluations.map((e) => e.id));
        const selected = get().selected.filter((id) => known.has(id));
        // The newest evaluation is what a user opening the page most likely came to look at.
        const first = get().evaluations[0];
        await showSelection(selected.length > 0 ? selected : first ? [first.id] : []);
      },

      select: (ids) => showSelection(ids),
      toggleSelected(id) {
        const { selected } = get();
        return showSelection(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
      },

      async setFilters(patch) {
        const filters = { ...get().filters, ...patch };
        // undefined means "any": drop the key rather than keep it undefined.
        for (const key of Object.keys(filters) as (keyof FailureFilters)[]) if (filters[key] === undefined) delete filters[key];
        set({ filters });
        await refreshFailures();
      },

      async ensureRange(start, end) {
        const mine = query;
        const { segments, rows } = get();
        const wanted = pagesFor(segments, start, end).filter((p) => {
          const first = segmentStart(segments, p.segment) + p.offset;
          return rows[first] === undefined && !pending.has(`${mine}:${p.segment}:${p.offset}`);
        });
        await Promise.all(wanted.map(async ({ segment, offset }) => {
          const key = `${mine}:${segment}:${offset}`;
          pending.add(key);
          try {
            const page = await getClient().call('rollouts.list', { ...listFilter(segments[segment]!), offset, limit: PAGE_SIZE });
            if (mine !== query) return;
            const base = segmentStart(get().segments, segment) + offset;
            set((s) => {
              const next = { ...s.rows };
              page.rows.forEach((row, j) => { next[base + j] = row; });
              return { rows: next };
            });
          } catch (error) {
            if (mine === query) set({ listError: error });
          } finally {
            pending.delete(key);
          }
        }));
      },

      async tag(id, tag) {
        set({ tagError: null });
        try {
          putRollout(await getClient().call('rollouts.tag', { id, tag }));
          // Counts by tag and the taxonomy's per-tag totals moved; the event reloads them too, this is sooner.
          void refreshTaxonomy();
        } catch (error) {
          set({ tagError: error });
        }
      },

      async saveTaxonomy(tags) {
        set({ taxonomyError: null });
        try {
          set({ taxonomy: await getClient().call('rollouts.taxonomy.set', { tags }) });
          return true;
        } catch (error) {
          set({ taxonomyError: error });
          return false;
        }
      },

      async openRollout(id, step = null) {
        // The pane shows the row's summary at once (findRollout); the record (steps and signals) follows.
        set({ openRolloutId: id, startStep: step, detail: null, detailError: null, sendError: null });
        await refreshDetail(id);
      },
      closeRollout: () => set({ openRolloutId: null, startStep: null, detail: null, detailError: null }),

      async findLeastSure() {
        const ids = get().selected;
        set({ leastSureBusy: true, leastSureError: null });
        try {
          const frames = await getClient().call('rollouts.leastSure', { ...(ids.length > 0 ? { evaluationIds: ids } : {}), limit: 50 });
          set({ leastSure: frames, leastSureBusy: false });
        } catch (error) {
          set({ leastSureError: error, leastSureBusy: false });
        }
      },

      async sendToAnnotation(id) {
        set({ sending: true, sendError: null, sent: null });
        try {
          const out = await getClient().call('rollouts.sendToAnnotation', { id });
          const sent = { rolloutId: id, ...out };
          set({ sent, sending: false });
          return sent;
        } catch (error) {
          set({ sendError: error, sending: false });
          return null;
        }
      },
      dismissSent: () => set({ sent: null }),

      setForm(patch) {
        const touched = (Object.keys(patch) as (keyof EvaluationForm)[]).map(fieldOf);
        const issues = Object.fromEntries(Object.entries(get().issues).filter(([k]) => !touched.includes(k)));
        set({ form: { ...get().form, ...patch }, issues, startError: null });
      },

      async start() {
        const built = buildEvaluationStart(get().form);
        if ('issues' in built) {
          set({ issues: built.issues, startError: null });
          return null;
        }
        set({ starting: true, startError: null, issues: {} });
        try {
          const evaluation = await getClient().call('evaluations.start', built.input);
          set({ starting: false, pane: 'results' });
          await refreshEvaluations();
          await showSelection([evaluation.id]);
          return evaluation;
        } catch (error) {
          set({ starting: false, startError: error, issues: issuesByField(error) });
          return null;
        }
      },

      async cancel(id) {
        set({ actionError: null });
        try {
          await getClient().call('evaluations.cancel', { id });
          await refreshEvaluations();
        } catch (error) {
          set({ actionError: error });
        }
      },

      setImportForm: (patch) => set({ importForm: { ...get().importForm, ...patch }, importError: null }),

      async importRollouts() {
        const path = get().importForm.path.trim();
        if (!path || get().importing) return;
        importCounter += 1;
        const jobId = `rollouts-import-${Date.now().toString(36)}-${importCounter}`;
        const client = getClient();
        set({ importing: true, importProgress: null, importError: null, imported: null });
        // Subscribed before the call: a small folder can finish before the answer arrives.
        const off = client.on('job.progress', (p) => {
          if (p.jobId === jobId) set({ importProgress: p });
        });
        try {
          const imported = await client.call('rollouts.import', { path, format: get().importForm.format, jobId });
          set({ importing: false, imported });
          await refreshEvaluations();
          await showSelection([imported.evaluationId]);
        } catch (error) {
          set({ importing: false, importError: error });
        } finally {
          off();
        }
      },

      listen() {
        const client = getClient();
        const offs = [
          client.on('rollouts.changed', () => void (loaded ? reloadAll() : reloadEvaluations())),
          client.on('evaluations.changed', ({ id }) => {
            if (loaded && get().selected.includes(id)) void reloadAll();
            else void reloadEvaluations();
          }),
          client.on('job.progress', (p) => {
            const id = evaluationOfJob(p);
            if (id !== null) set((s) => ({ progress: { ...s.progress, [id]: p } }));
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  });
}

/** The rollout a list row, a result or the detail holds, by id. */
export function findRollout(s: Pick<RolloutsState, 'rows' | 'results' | 'detail'>, id: number): RolloutSummary | null {
  if (s.detail?.rollout.id === id) return s.detail.rollout;
  return Object.values(s.rows).find((r) => r.id === id) ?? Object.values(s.results).flat().find((r) => r.id === id) ?? null;
}
