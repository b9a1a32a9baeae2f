/** The annotation tool bar, props only: the tools with their keys, undo/redo, and leaving the mode. */
import { Button } from '../../components/Button';
import type { ToolId } from '../../editor/actions';
import type { HotkeyBinding } from '../../editor/hotkeys';
import type { LabelClass } from '../../../shared/contract/domain';

export interface AnnotateToolbarProps {
  tool: ToolId;
  bindings: readonly HotkeyBinding[];
  camera: string;
  /** Every camera of the episode: with more than one, the tool bar picks which is annotated. */
  cameras: readonly string[];
  frame: number;
  count: number;
  busy: boolean;
  /** The commands undo and redo would revert; null when there is none (the button is disabled). */
  undoCommand: string | null;
  redoCommand: string | null;
  onTool(tool: ToolId): void;
  onUndo(): void;
  onRedo(): void;
  labels: readonly LabelClass[];
  /** The class new shapes get (null: none). */
  label: number | null;
  onLabel(label: number | null): void;
  onCamera(camera: string): void;
  onExit(): void;
}

export const TOOLS: ReadonlyArray<{ id: ToolId; name: string; hint: string }> = [
  { id: 'select', name: 'Select', hint: 'Select, move and reshape; Delete removes' },
  { id: 'point', name: 'Point', hint: 'Click to place a point' },
  { id: 'box', name: 'Box', hint: 'Drag from corner to corner' },
  { id: 'trajectory', name: 'Trajectory', hint: 'Click vertices (step frames between them); Enter or double-click finishes, Esc drops' },
];

/** The first key of an action, as the button shows it ("Mod+z" reads "Ctrl+Z"). */
export function keyOf(bindings: readonly HotkeyBinding[], action: string): string | undefined {
  const key = bindings.find((b) => b.action === action)?.keys[0];
  return key?.replace('Mod', 'Ctrl').replace(/\b([a-z])$/, (k) => k.toUpperCase());
}

export function AnnotateToolbar(props: AnnotateToolbarProps) {
  const { tool, bindings } = props;
  return (
    <div className="annotate-toolbar" role="toolbar" aria-label="Annotation tools">
      <div className="annotate-toolbar__tools" role="radiogroup" aria-label="Tool">
        {TOOLS.map((t) => (
          <Button
            key={t.id}
            size="sm"
            variant={tool === t.id ? 'primary' : 'default'}
            role="radio"
            aria-checked={tool === t.id}
            data-tool={t.id}
            title={t.hint}
            shortcut={keyOf(bindings, `tool.${t.id}`)}
            onClick={() => props.onTool(t.id)}
          >
            {t.name}
          </Button>
        ))}
      </div>
      <div className="annotate-toolbar__history">
        <Button
          size="sm"
          variant="ghost"
          disabled={props.undoCommand === null}
          onClick={props.onUndo}
          shortcut={keyOf(bindings, 'history.undo')}
          title={props.undoCommand ? `Undo ${props.undoCommand}` : 'Nothing to undo'}
        >
          Undo
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={props.redoCommand === null}
          onClick={props.onRedo}
          shortcut={keyOf(bindings, 'history.redo')}
          title={props.redoCommand ? `Redo ${props.redoCommand}` : 'Nothing to redo'}
        >
          Redo
        </Button>
      </div>
      {props.labels.length > 0 && (
        <select
          aria-label="Class of new shapes"
          title="The class new shapes get; with nothing selected, keys 1-9 pick it"
          value={props.label ?? ''}
          onChange={(e) => props.onLabel(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
        >
          <option value="">No class</option>
          {props.labels.map((l, i) => (
            <option key={l.id} value={l.id}>
              {i < 9 ? `${i + 1} · ` : ''}
              {l.name}
            </option>
          ))}
        </select>
      )}
      {props.cameras.length > 1 && (
        <select aria-label="Camera" value={props.camera} onChange={(e) => props.onCamera(e.currentTarget.value)}>
          {props.cameras.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      )}
      <span className="annotate-toolbar__status muted" aria-live="polite">
        {props.camera} · frame {props.frame} · {props.count} annotation{props.count === 1 ? '' : 's'}
        {props.busy ? ' · saving…' : ''}
      </span>
      <Button size="sm" onClick={props.onExit} shortcut="E" title="Back to playback">
        Done
      </Button>
    </div>
  );
}
