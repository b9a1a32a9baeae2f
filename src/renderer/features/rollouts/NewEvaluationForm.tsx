import { EVALUATION_VARIANTS } from '../../../shared/contract/evaluations';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import type { CheckpointChoice, EvaluationForm, EvaluationVariant } from './evaluationForm';

export interface NewEvaluationFormProps {
  form: EvaluationForm;
  checkpoints: CheckpointChoice[];
  issues: Record<string, string>;
  starting: boolean;
  startError: unknown;
  onChange(patch: Partial<EvaluationForm>): void;
  onStart(): void;
}

const label = (v: string) => v.replaceAll('_', ' ');

/** A checkpoint on a suite of the built-in environment: which variants, how many episodes, how chunks are executed. */
export function NewEvaluationForm(p: NewEvaluationFormProps) {
  const { form } = p;
  const runs = [...new Map(p.checkpoints.map((c) => [c.runId, c.runName])).entries()];
  const field = (key: string) => (p.issues[key] ? ' has-error' : '');
  const issue = (key: string) => p.issues[key] && <span className="rollouts-form__error">{p.issues[key]}</span>;
  const unnamed = Object.entries(p.issues).filter(([k]) => !['checkpointId', 'variants', 'episodes', 'seed', 'execute', 'ensemble.decay', 'batchSize', 'name'].includes(k));
  const toggleVariant = (v: EvaluationVariant) =>
    p.onChange({ variants: form.variants.includes(v) ? form.variants.filter((x) => x !== v) : EVALUATION_VARIANTS.filter((x) => x === v || form.variants.includes(x)) });
  const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

  return (
    <form id="evaluation-form" className="rollouts-form" onSubmit={(e) => { e.preventDefault(); p.onStart(); }}>
      <label className={`rollouts-form__field${field('checkpointId')}`} data-field="checkpointId">
        <span className="field__label">Checkpoint</span>
        <select className="select" aria-label="checkpoint" value={form.checkpointId ?? ''} onChange={(e) => p.onChange({ checkpointId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{p.checkpoints.length === 0 ? 'No checkpoints yet: train a run first' : 'Pick a checkpoint…'}</option>
          {runs.map(([runId, runName]) => (
            <optgroup key={runId} label={runName}>
              {p.checkpoints.filter((c) => c.runId === runId).map((c) => (
                <option key={c.id} value={c.id}>{`${runName} @ step ${c.step}${c.isBest ? ' (best)' : ''}`}</option>
              ))}
            </optgroup>
          ))}
        </select>
        {issue('checkpointId')}
      </label>
      <label className={`rollouts-form__field${field('name')}`} data-field="name">
        <span className="field__label">Name</span>
        <input className="input" aria-label="evaluation name" placeholder="run name @ step N" value={form.name} onChange={(e) => p.onChange({ name: e.target.value })} />
        {issue('name')}
      </label>
      <fieldset className={`rollouts-form__group${field('variants')}`} data-field="variants">
        <legend>Variants</legend>
        {EVALUATION_VARIANTS.map((v) => (
          <label key={v} className="rollouts-form__check">
            <input type="checkbox" checked={form.variants.includes(v)} onChange={() => toggleVariant(v)} />
            {label(v)}
          </label>
        ))}
        {issue('variants')}
      </fieldset>
      <div className="rollouts-form__row">
        <label className={`rollouts-form__field${field('episodes')}`} data-field="episodes">
          <span className="field__label">Episodes per variant</span>
          <input className="input mono" type="number" aria-label="episodes per variant" min={1} value={Number.isNaN(form.episodes) ? '' : form.episodes} onChange={(e) => p.onChange({ episodes: num(e.target.value) })} />
          {issue('episodes')}
        </label>
        <label className={`rollouts-form__field${field('seed')}`} data-field="seed">
          <span className="field__label">Seed</span>
          <input className="input mono" type="number" aria-label="seed" min={0} value={Number.isNaN(form.seed) ? '' : form.seed} onChange={(e) => p.onChange({ seed: num(e.target.value) })} />
          {issue('seed')}
        </label>
        <label className={`rollouts-form__field${field('batchSize')}`} data-field="batchSize">
          <span className="field__label">Batch size</span>
          <input className="input mono" type="number" aria-label="batch size" min={1} value={Number.isNaN(form.batchSize) ? '' : form.batchSize} onChange={(e) => p.onChange({ batchSize: num(e.target.value) })} />
          {issue('batchSize')}
        </label>
      </div>
      <fieldset className="rollouts-form__group" data-field="execute">
        <legend>Chunks</legend>
        <label className="rollouts-form__check">
          <input type="radio" name="chunk-mode" checked={form.mode === 'execute'} onChange={() => p.onChange({ mode: 'execute' })} />
          Execute the first
          <input className={`input mono rollouts-form__inline${field('execute')}`} type="number" aria-label="actions executed per chunk" min={1} disabled={form.mode !== 'execute'} value={Number.isNaN(form.execute) ? '' : form.execute} onChange={(e) => p.onChange({ execute: num(e.target.value) })} />
          actions of each chunk, then predict again
        </label>
        <label className="rollouts-form__check">
          <input type="radio" name="chunk-mode" checked={form.mode === 'ensemble'} onChange={() => p.onChange({ mode: 'ensemble' })} />
          Temporal ensembling, weight exp(−decay·i), decay
          <input className={`input mono rollouts-form__inline${field('ensemble.decay')}`} type="number" step="any" aria-label="ensemble decay" min={0} disabled={form.mode !== 'ensemble'} value={Number.isNaN(form.decay) ? '' : form.decay} onChange={(e) => p.onChange({ decay: num(e.target.value) })} />
        </label>
        {issue('execute')}
        {issue('ensemble.decay')}
      </fieldset>
      {unnamed.length > 0 && <div className="rollouts-form__problems">{unnamed.map(([k, m]) => <div key={k}>{k}: {m}</div>)}</div>}
      {p.startError && Object.keys(p.issues).length === 0 ? <ErrorNotice error={toErrorView(p.startError, 'The evaluation did not start')} /> : null}
      <div className="rollouts-form__actions">
        <span className="muted">{form.variants.length * (Number.isNaN(form.episodes) ? 0 : form.episodes)} rollouts</span>
        <Button variant="primary" type="submit" disabled={p.starting}>{p.starting ? 'Starting…' : 'Start evaluation'}</Button>
      </div>
    </form>
  );
}
