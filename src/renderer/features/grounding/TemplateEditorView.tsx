import { useState } from 'react';
import { TEMPLATE_KINDS, TEMPLATE_PLACEHOLDERS, type GroundingTemplates, type TemplateKind } from '../../../shared/contract/grounding';
import { Button } from '../../components/Button';
import type { FieldKey, TemplatePart } from './groundingStore';

export const KIND_TITLES: Record<TemplateKind, string> = {
  box: 'Boxes',
  point: 'Points',
  trajectory: 'Gripper path',
  objectTrajectory: 'Object path',
};

const KIND_HINTS: Record<TemplateKind, string> = {
  box: 'One record per frame with every box on it.',
  point: 'One record per frame and label.',
  trajectory: "One record per trajectory of the robot's gripper.",
  objectTrajectory: 'One record per trajectory of an object.',
};

export interface TemplateEditorViewProps {
  draft: GroundingTemplates;
  issues: Record<FieldKey, string>;
  disabled: boolean;
  onEdit(kind: TemplateKind, part: TemplatePart, index: number, text: string): void;
  onAdd(kind: TemplateKind, part: TemplatePart): void;
  onRemove(kind: TemplateKind, part: TemplatePart, index: number): void;
}

const kindHasIssue = (issues: Record<FieldKey, string>, kind: TemplateKind) => Object.keys(issues).some((k) => k.startsWith(`${kind}.`));

/** Questions and answer forms per kind, as editable lists; each line shows its own problem under it. */
export function TemplateEditorView(p: TemplateEditorViewProps) {
  const [kind, setKind] = useState<TemplateKind>('box');
  return (
    <div className="qa-editor">
      <div className="qa-editor__kinds" role="tablist" aria-label="Record kind">
        {TEMPLATE_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={k === kind}
            className={`qa-editor__kind${k === kind ? ' is-on' : ''}${kindHasIssue(p.issues, k) ? ' has-issue' : ''}`}
            onClick={() => setKind(k)}
          >
            {KIND_TITLES[k]}
            <span className="muted mono">{p.draft[k].questions.length}</span>
          </button>
        ))}
      </div>
      <p className="qa-editor__hint muted">{KIND_HINTS[kind]}</p>
      {(['questions', 'answers'] as const).map((part) => (
        <TemplateList key={`${kind}-${part}`} {...p} kind={kind} part={part} />
      ))}
    </div>
  );
}

function TemplateList(p: TemplateEditorViewProps & { kind: TemplateKind; part: TemplatePart }) {
  const { kind, part } = p;
  const lines = p.draft[kind][part];
  const listIssue = p.issues[`${kind}.${part}`];
  const title = part === 'questions' ? 'Questions (paraphrases, one is picked per record)' : 'Answer forms (around the coordinates JSON)';
  return (
    <section className="qa-list" aria-label={`${KIND_TITLES[kind]} ${part}`}>
      <header className="qa-list__head">
        <span className="field__label">{title}</span>
        <span className="qa-list__placeholders">
          {TEMPLATE_PLACEHOLDERS[kind][part].map((name) => (
            <code key={name} className="qa-list__placeholder">{`{${name}}`}</code>
          ))}
        </span>
      </header>
      <ol className="qa-list__lines">
        {lines.map((text, i) => {
          const issue = p.issues[`${kind}.${part}.${i}`];
          return (
            <li key={i} className={`qa-line${issue ? ' has-issue' : ''}`}>
              <span className="qa-line__n mono">{i + 1}</span>
              <div className="qa-line__body">
                <textarea
                  className="input qa-line__text mono"
                  aria-label={`${KIND_TITLES[kind]} ${part === 'questions' ? 'question' : 'answer'} ${i + 1}`}
                  aria-invalid={!!issue}
                  rows={Math.max(1, text.split('\n').length)}
                  value={text}
                  disabled={p.disabled}
                  spellCheck={part === 'questions'}
                  onChange={(e) => p.onEdit(kind, part, i, e.target.value)}
                />
                {issue && <span className="qa-line__issue">{issue}</span>}
              </div>
              <button
                type="button"
                className="qa-line__remove"
                aria-label={`Remove ${part === 'questions' ? 'question' : 'answer'} ${i + 1}`}
                title="Remove"
                disabled={p.disabled}
                onClick={() => p.onRemove(kind, part, i)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {listIssue && <div className="qa-line__issue">{listIssue}</div>}
      <Button size="sm" variant="ghost" icon="+" disabled={p.disabled} onClick={() => p.onAdd(kind, part)}>
        {part === 'questions' ? 'Add question' : 'Add answer form'}
      </Button>
    </section>
  );
}
