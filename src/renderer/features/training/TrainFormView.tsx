import type { ReactNode } from 'react';
import type { DatasetSummary, EpisodeRow } from '../../../shared/contract/domain';
import { TRAINING_ANNOTATION_SOURCES, TRAINING_BACKENDS } from '../../../shared/contract/training';
import { POLICY_PRESETS, POLICY_RECIPES, RECIPE_CHOICES, STAGE1_SHARE, stage1StepsOf } from '../../../shared/training/recipes';
import { Button } from '../../components/Button';
import { toErrorView } from '../../components/ErrorNotice';
import { camerasOf, fieldOf, PRESET_CHOICES, recipeChoice, secondCamerasOf, type TrainForm } from './trainingStore';

export interface TrainFormViewProps {
  form: TrainForm;
  datasets: DatasetSummary[];
  issues: Record<string, string>;
  starting: boolean;
  startError: unknown;
  /** Episodes of the datasets fetched so far, by dataset id. */
  episodes: Record<number, EpisodeRow[]>;
  onLoadEpisodes(datasetIds: number[]): void;
  onChange(patch: Partial<TrainForm>): void;
  onStart(): void;
}

/** The new-run form: data, recipe and preset, the key hyperparameters, backend. */
export function TrainFormView(p: TrainFormViewProps) {
  const { form, issues } = p;
  const cameras = camerasOf(p.datasets, form.datasetIds);
  const others = secondCamerasOf(p.datasets, form);
  const field = (key: keyof TrainForm | 'datasetIds', label: string, input: ReactNode, hint?: string) => {
    const issue = issues[fieldOf(key)];
    return (
      <label className={`train-form__field${issue ? ' has-error' : ''}`} data-field={key}>
        <span className="field__label">{label}</span>
        {input}
        {issue ? <span className="train-form__error" role="alert">{issue}</span> : hint ? <span className="train-form__hint">{hint}</span> : null}
      </label>
    );
  };
  const choice = recipeChoice(form);
  const steps1 = Number.isFinite(form.steps) && form.steps >= 2 ? stage1StepsOf(form.steps, Number.isNaN(form.stage1Steps) ? undefined : form.stage1Steps) : null;
  const num = (key: 'steps' | 'batchSize' | 'learningRate' | 'seed' | 'evalEvery' | 'valFraction' | 'scenes' | 'stage1Steps' | 'groundingWeight', step = 1, placeholder?: string, label: string = key) => (
    <input
      className="input mono"
      type="number"
      step={step}
      aria-label={label}
      placeholder={placeholder}
      value={Number.isFinite(form[key]) ? form[key] : ''}
      onChange={(e) => p.onChange({ [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
    />
  );
  const otherIssues = Object.entries(issues).filter(([k]) => !['hyperparameters.steps', 'hyperparameters.batchSize', 'hyperparameters.learningRate', 'hyperparameters.seed', 'hyperparameters.groundingWeight', 'hyperparameters.evalEvery', 'stage1Steps', 'data.annotationSources', 'data.camera', 'data.secondCamera', 'data.valFraction', 'data.episodeIds', 'datasetIds', 'preset', 'name'].includes(k));
  const weighted = form.datasetIds.length > 1;
  const startError = p.startError && Object.keys(issues).length === 0 ? toErrorView(p.startError).message : null;

  return (
    <form
      id="train-form"
      className="train-form"
      onSubmit={(e) => {
        e.preventDefault();
        p.onStart();
      }}
    >
      <fieldset className="train-form__group">
        <legend>Data</legend>
        <div className="train-form__datasets" data-field="datasetIds">
          <span className="field__label">Datasets</span>
          {p.datasets.map((d) => (
            <label key={d.id} className="train-form__check">
              <input
                type="checkbox"
                checked={form.datasetIds.includes(d.id)}
                onChange={(e) => p.onChange({ datasetIds: e.target.checked ? [...form.datasetIds, d.id] : form.datasetIds.filter((id) => id !== d.id) })}
              />
              {d.name} <span className="train-form__hint">{d.episodeCount} episodes</span>
              {weighted && form.datasetIds.includes(d.id) && (
                <span className="train-form__weight" title="How often this dataset's samples are drawn, relative to its size (1: in proportion to size)">
                  weight
                  <input
                    className="input mono"
                    type="number"
                    min={0.1}
                    step={0.5}
                    aria-label={`weight ${d.name}`}
                    value={Number.isFinite(form.weights[d.id] ?? 1) ? (form.weights[d.id] ?? 1) : ''}
                    onChange={(e) => p.onChange({ weights: { ...form.weights, [d.id]: e.target.value === '' ? Number.NaN : Number(e.target.value) } })}
                  />
                </span>
              )}
            </label>
          ))}
          {issues.datasetIds && <span className="train-form__error" role="alert">{issues.datasetIds}</span>}
        </div>
        <EpisodePicker {...p} />
        {field('camera', 'Camera', (
          <select className="select" aria-label="camera" value={form.camera} onChange={(e) => p.onChange({ camera: e.target.value })}>
            {cameras.length === 0 && <option value="">no camera common to the datasets</option>}
            {cameras.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ))}
        {field('secondCamera', 'Second camera', (
          <select className="select" aria-label="second camera" value={form.secondCamera} disabled={others.length === 0} onChange={(e) => p.onChange({ secondCamera: e.target.value })}>
            <option value="">none</option>
            {others.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ), others.length === 0 ? 'the datasets share no other camera' : 'the policy sees both; grounding stays on the camera above')}
        {field('valFraction', 'Validation fraction', num('valFraction', 0.05), 'episodes held out for validation')}
        <label className="train-form__check">
          <input type="checkbox" checked={form.groundTruth} onChange={(e) => p.onChange({ groundTruth: e.target.checked })} />
          Use the sim's ground truth as grounding data <span className="train-form__hint">(sample and sim episodes; annotations are used too)</span>
        </label>
        {field('scenes', 'Rendered scenes', num('scenes', 500), 'fresh tabletop scenes as extra grounding data (sim datasets; 0 for none)')}
        <AnnotationSources {...p} />
      </fieldset>

      <fieldset className="train-form__group">
        <legend>Model</legend>
        {field('name', 'Run name', <input className="input" aria-label="run name" placeholder={`${form.recipe} ${form.preset}`} value={form.name} onChange={(e) => p.onChange({ name: e.target.value })} />)}
        {field('recipe', 'Recipe', (
          <select className="select" aria-label="recipe" value={choice.id} onChange={(e) => p.onChange({ recipe: e.target.value })}>
            {RECIPE_CHOICES.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          </select>
        ), choice.explanation)}
        <div className="train-form__field" data-field="preset">
          <span className="field__label">Preset</span>
          <div className="train-form__segmented" role="radiogroup" aria-label="preset">
            {PRESET_CHOICES.map((choice) => (
              <button
                key={choice}
                type="button"
                role="radio"
                aria-checked={form.preset === choice}
                className={form.preset === choice ? 'is-on' : ''}
                onClick={() => p.onChange({ preset: choice })}
              >
                {choice}
              </button>
            ))}
          </div>
          {form.preset === 'custom' && (
            <select className="select" aria-label="model" value={form.customModel} onChange={(e) => p.onChange({ customModel: e.target.value })}>
              {Object.keys(POLICY_PRESETS).map((m) => <option key={m} value={m}>{m} model</option>)}
            </select>
          )}
          {issues.preset ? <span className="train-form__error" role="alert">{issues.preset}</span> : (
            <span className="train-form__hint">{form.preset === 'quick' ? 'tiny model, ~245 samples/s: for trying the loop' : form.preset === 'standard' ? 'the small model (2.9 M parameters)' : 'every field is yours'}</span>
          )}
        </div>
      </fieldset>

      <fieldset className="train-form__group">
        <legend>Hyperparameters</legend>
        {field('steps', 'Steps', num('steps'))}
        {field('batchSize', 'Batch size', num('batchSize'))}
        {field('learningRate', 'Learning rate', num('learningRate', 0.0001))}
        {field('seed', 'Seed', num('seed'), 'same seed and data give the same run')}
        {field('evalEvery', 'Validate every', num('evalEvery', 1, '0', 'validate every'), 'steps between validations; 0 = about ten times')}
        {choice.id === 'st4vla' && field('stage1Steps', 'Stage 1 steps', num('stage1Steps', 1, steps1 === null ? '' : String(steps1), 'stage 1 length'),
          steps1 === null ? `of the steps; ${STAGE1_SHARE * 100} % when empty` : `stage 1 ${steps1} steps, then stage 2 ${form.steps - steps1} from its checkpoint`)}
        {choice.stage === 'action' && field('groundingWeight', 'Grounding weight', num('groundingWeight', 0.05, String(POLICY_RECIPES[choice.recipe]?.groundingWeight ?? ''), 'grounding weight'),
          'loss = action + weight × grounding; 0 trains no grounding batches')}
        {field('backend', 'Backend', (
          <select className="select" aria-label="backend" value={form.backend} onChange={(e) => p.onChange({ backend: e.target.value as TrainForm['backend'] })}>
            {TRAINING_BACKENDS.map((b) => <option key={b} value={b}>{b === 'auto' ? 'auto (fastest that works)' : b}</option>)}
          </select>
        ))}
      </fieldset>

      {(otherIssues.length > 0 || startError) && (
        <div className="train-form__problems" role="alert">
          {startError && <div>{startError}</div>}
          {otherIssues.map(([k, m]) => <div key={k}><span className="mono">{k}</span>: {m}</div>)}
        </div>
      )}
      <div className="train-form__actions">
        <Button variant="primary" type="submit" disabled={p.starting || form.datasetIds.length === 0}>
          {p.starting ? 'Preparing data…' : 'Start training'}
        </Button>
      </div>
    </form>
  );
}

const SOURCE_HINTS: Record<(typeof TRAINING_ANNOTATION_SOURCES)[number], string> = {
  manual: 'drawn by a person',
  tracked: 'filled by the tracker',
  projected: 'projected from another camera',
  imported: 'came with a dataset or from rollouts',
};

/** Which annotations become grounding data: by source, and whether a model's own uncorrected guesses count. */
function AnnotationSources(p: TrainFormViewProps) {
  const { form } = p;
  const issue = p.issues['data.annotationSources'] ?? p.issues['data.predictions'];
  const toggle = (source: (typeof TRAINING_ANNOTATION_SOURCES)[number], on: boolean) =>
    p.onChange({ annotationSources: on ? [...form.annotationSources, source] : form.annotationSources.filter((s) => s !== source) });
  return (
    <div className={`train-form__sources${issue ? ' has-error' : ''}`} data-field="annotationSources" role="group" aria-label="annotation sources">
      <span className="field__label">Annotation sources</span>
      {TRAINING_ANNOTATION_SOURCES.map((source) => (
        <label key={source} className="train-form__check">
          <input type="checkbox" aria-label={`${source} annotations`} checked={form.annotationSources.includes(source)} onChange={(e) => toggle(source, e.target.checked)} />
          {source} <span className="train-form__hint">{SOURCE_HINTS[source]}</span>
        </label>
      ))}
      <label className="train-form__check">
        <input type="checkbox" aria-label="uncorrected predictions" checked={form.predictions} onChange={(e) => p.onChange({ predictions: e.target.checked })} />
        Uncorrected rollout predictions <span className="train-form__hint" title="A model's own guesses sent from rollouts; once a person edits or relabels one it counts anyway">(edited ones always count)</span>
      </label>
      {issue && <span className="train-form__error" role="alert">{issue}</span>}
    </div>
  );
}

/** The chosen datasets' episodes with a checkbox each, folded away while "all" is what most runs want. */
function EpisodePicker(p: TrainFormViewProps) {
  const { form } = p;
  const excluded = new Set(form.excludedEpisodes);
  const chosen = p.datasets.filter((d) => form.datasetIds.includes(d.id));
  const total = chosen.reduce((n, d) => n + d.episodeCount, 0);
  const left = chosen.reduce((n, d) => n + (p.episodes[d.id] ?? []).filter((e) => excluded.has(e.id)).length, 0);
  const issue = p.issues['data.episodeIds'];
  const setExcluded = (ids: Iterable<number>) => p.onChange({ excludedEpisodes: [...new Set(ids)] });
  return (
    <details className="train-form__episodes" data-field="episodeIds" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && p.onLoadEpisodes(form.datasetIds)}>
      <summary>
        <span className="field__label">Episodes</span> <span data-testid="train-episode-count">{left === 0 ? `all ${total}` : `${total - left} of ${total}`}</span>
      </summary>
      {chosen.map((d) => {
        const rows = p.episodes[d.id];
        return (
          <div key={d.id} className="train-form__episode-group">
            <div className="train-form__episode-head">
              <b>{d.name}</b>
              <button type="button" className="link-button" onClick={() => setExcluded(form.excludedEpisodes.filter((id) => !rows?.some((e) => e.id === id)))}>all</button>
              <button type="button" className="link-button" onClick={() => setExcluded([...form.excludedEpisodes, ...(rows ?? []).map((e) => e.id)])}>none</button>
            </div>
            {!rows && <div className="train-form__hint">reading episodes…</div>}
            <div className="train-form__episode-list">
              {rows?.map((e) => (
                <label key={e.id} className="train-form__check" title={e.instruction}>
                  <input
                    type="checkbox"
                    aria-label={`episode ${e.index} of ${d.name}`}
                    checked={!excluded.has(e.id)}
                    onChange={(ev) => setExcluded(ev.target.checked ? form.excludedEpisodes.filter((id) => id !== e.id) : [...form.excludedEpisodes, e.id])}
                  />
                  <span className="mono">#{e.index}</span> <span className="train-form__episode-task">{e.instruction || '(no instruction)'}</span>
                </label>
              ))}
            </div>
          </div>
        );
      })}
      {issue && <span className="train-form__error" role="alert">{issue}</span>}
    </details>
  );
}
