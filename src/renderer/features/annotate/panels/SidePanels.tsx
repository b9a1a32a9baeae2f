/** The column beside the canvas: one tab per side panel, the chosen one remembered across episodes. */
import { useState } from 'react';
import type { WorkspaceContext, WorkspacePanel } from './types';

const STORE_KEY = 'st4vla.annotate.panel';

const stored = (): string | null => {
  try {
    return globalThis.localStorage?.getItem(STORE_KEY) ?? null;
  } catch {
    return null;
  }
};

export function SidePanels({ panels, ctx }: { panels: readonly WorkspacePanel[]; ctx: WorkspaceContext }) {
  const [chosen, setChosen] = useState<string | null>(stored);
  const current = panels.find((p) => p.id === chosen) ?? panels[0];
  if (!current) return null;
  const choose = (id: string) => {
    setChosen(id);
    try {
      globalThis.localStorage?.setItem(STORE_KEY, id);
    } catch {
      // A private window without storage still switches tabs.
    }
  };
  return (
    <aside className="annotate-side" aria-label="Annotation panels">
      <div className="annotate-side__tabs" role="tablist">
        {panels.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            aria-selected={p.id === current.id}
            className={`annotate-side__tab${p.id === current.id ? ' annotate-side__tab--on' : ''}`}
            onClick={() => choose(p.id)}
          >
            {p.title}
          </button>
        ))}
      </div>
      <div className="annotate-side__body" role="tabpanel" aria-label={current.title}>
        <current.Component ctx={ctx} />
      </div>
    </aside>
  );
}
