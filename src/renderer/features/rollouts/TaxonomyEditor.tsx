import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import type { FailureTag } from './rolloutsStore';
import { draftOf, draftProblems, isDirty, moveTag, newDraftTag, taxonomyInput, type DraftTag } from './taxonomyDraft';

export interface TaxonomyEditorProps {
  taxonomy: FailureTag[];
  error: unknown;
  onSave(tags: ReturnType<typeof taxonomyInput>): Promise<boolean>;
}

/** The project's failure tags: add, rename (rollouts keep theirs), reorder (the number keys follow), remove. */
export function TaxonomyEditor({ taxonomy, error, onSave }: TaxonomyEditorProps) {
  const [draft, setDraft] = useState<DraftTag[]>(() => draftOf(taxonomy));
  const [base, setBase] = useState(taxonomy);
  const [adding, setAdding] = useState('');
  const [saving, setSaving] = useState(false);
  /** Set by a successful save: the taxonomy that comes back is the new base of a fresh draft. */
  const saved = useRef(false);

  // A reload (a tag set elsewhere changes the counts) must not throw away edits in progress.
  useEffect(() => {
    if (taxonomy === base) return;
    if (saved.current || !isDirty(draft, base)) setDraft(draftOf(taxonomy));
    saved.current = false;
    setBase(taxonomy);
  }, [taxonomy, base, draft]);

  const patch = (key: string, change: Partial<DraftTag>) => setDraft((d) => d.map((t) => (t.key === key ? { ...t, ...change } : t)));
  const counts = new Map(taxonomy.map((t) => [t.name, t.rolloutCount]));
  const problems = draftProblems(draft);
  const dirty = isDirty(draft, base);

  const save = async () => {
    setSaving(true);
    saved.current = true;
    saved.current = await onSave(taxonomyInput(draft));
    setSaving(false);
  };

  return (
    <div className="rollouts-taxonomy" data-testid="taxonomy">
      <p className="muted">The number keys 1–9 on a focused rollout row give the first nine tags; 0 clears. Renaming a tag keeps it on its rollouts; a tag still confirmed on rollouts cannot be removed.</p>
      <div className="rollouts-taxonomy__head" aria-hidden>
        <span>key</span><span>name</span><span>description</span><span title="rollouts confirmed with this tag">used</span>
      </div>
      <ol className="rollouts-taxonomy__list">
        {draft.map((t, i) => (
          <li key={t.key} className="rollouts-taxonomy__tag" data-tag={t.original ?? ''}>
            <span className="mono muted">{i < 9 ? i + 1 : ''}</span>
            <input className="input" aria-label={`name of tag ${i + 1}`} value={t.name} onChange={(e) => patch(t.key, { name: e.target.value })} />
            <input className="input" aria-label={`description of tag ${i + 1}`} placeholder="what it means" value={t.description} onChange={(e) => patch(t.key, { description: e.target.value })} />
            <span className="mono muted" title="rollouts confirmed with this tag">{t.original !== null ? (counts.get(t.original) ?? 0) : 'new'}</span>
            {t.original !== null && t.original !== t.name.trim() && <span className="muted">was {t.original}</span>}
            <Button size="sm" variant="ghost" aria-label={`move ${t.name || 'tag'} up`} disabled={i === 0} onClick={() => setDraft((d) => moveTag(d, t.key, -1))}>↑</Button>
            <Button size="sm" variant="ghost" aria-label={`move ${t.name || 'tag'} down`} disabled={i === draft.length - 1} onClick={() => setDraft((d) => moveTag(d, t.key, 1))}>↓</Button>
            <Button size="sm" variant="ghost" aria-label={`remove ${t.name || 'tag'}`} onClick={() => setDraft((d) => d.filter((x) => x.key !== t.key))}>Remove</Button>
          </li>
        ))}
      </ol>
      <form className="rollouts-taxonomy__add" onSubmit={(e) => { e.preventDefault(); if (adding.trim()) { setDraft((d) => [...d, newDraftTag(adding.trim())]); setAdding(''); } }}>
        <input className="input" aria-label="new tag name" placeholder="new tag, e.g. collision" value={adding} onChange={(e) => setAdding(e.target.value)} />
        <Button type="submit" disabled={!adding.trim()}>Add tag</Button>
      </form>
      {dirty && problems.length > 0 && <ul className="rollouts-form__problems">{problems.map((m) => <li key={m}>{m}</li>)}</ul>}
      {error ? <ErrorNotice error={toErrorView(error, 'The taxonomy was not saved')} /> : null}
      <div className="rollouts-form__actions">
        <Button disabled={!dirty || saving} onClick={() => setDraft(draftOf(taxonomy))}>Revert</Button>
        <Button variant="primary" disabled={!dirty || saving || problems.length > 0} onClick={() => void save()}>{saving ? 'Saving…' : 'Save taxonomy'}</Button>
      </div>
    </div>
  );
}
