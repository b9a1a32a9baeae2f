/**
 * The annotation tool bar, props only: the tools with their keys, undo/redo, the track actions
 * (keyframes, absence), how interpolated values are shown, the frame step, and leaving the mode.
 */
import { Button } from '../../components/Button';
import type { ToolId } from '../../editor/actions';
import type { HotkeyAction, HotkeyBinding } from '../../editor/hotkeys';
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
  /** Annotations selected: the keyframe and absence buttons act on them. */
  selected: number;
  onAction(action: HotkeyAction): void;
  /** False: tracks are drawn on their keyframes only. */
  showInterpolated: boolean;
  onShowInterpolated(show: boolean): void;
  /** "Annotate every Nth frame": frame steps move by this many frames. */
  everyN: number;
  onEveryN(n: number): void;
  /** Whether the other cameras show beside the one annotated. */
  allCameras: boolean;
  onAllCameras(on: boolean): void;
}

/** The track actions as buttons, in the order of a keyframing pass. */
export const TRACK_ACTIONS: ReadonlyArray<{ action: HotkeyAction; name: string; hint: string; needsSelection: boolean }> = [
  { action: 'keyframe.prev', name: '◂ Key', hint: 'Previous keyframe (of the selection, or of every annotation here)', needsSelection: false },
  { action: 'keyframe.midpoint', name: 'Midpoint', hint: 'Halfway to the next keyframe: where interpolation drifts most', needsSelection: false },
  { action: 'keyframe.next', name: 'Key ▸', hint: 'Next keyframe', needsSelection: false },
  { action: 'keyframe.set', name: 'Set key', hint: 'Make this frame a keyframe of the selection', needsSelection: true },
  { action: 'track.toggleAbsent', name: 'Absent', hint: 'The selection is absent (occluded, out of view) from this frame on; again brings it back', needsSelection: true },
];

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export const MAX_EVERY_N = 1000;

export const TOOLS: ReadonlyArray<{ id: ToolId; name: string; hint: string }> = [
  { id: 'select', name: 'Select', hint: 'Select, move and reshape; Delete removes' },
  { id: 'point', name: 'Point', hint: 'Click to place a point' },
  { id: 'box', name: 'Box', hint: 'Drag from corner to corner' },
  { id: 'trajectory', name: 'Trajectory', hint: 'Click vertices (step frames between them); Enter or double-click finishes, Esc drops' },
];

/** The first key of an action, as the button shows it ("Mod+z" reads "Ctrl+Z"). */
export function keyOf(bindings: readonly HotkeyBinding[], action: string): string | undefined {
  const key = bindings.find((b) => b.action === action)?.keys[0];
  return key?.replace('Mod', 'Ctrl').replace(/\b([a-z])$/, (k) => k.toUpperCase()).replace('ArrowRight', '→').replace('ArrowLeft', '←');
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
      <span className="annotate-toolbar__status muted" aria-live="polite">
        {props.camera} · frame {props.frame}
        {props.everyN > 1 ? ` · every ${ordinal(props.everyN)} frame` : ''} · {props.count} annotation{props.count === 1 ? '' : 's'}
        {props.busy ? ' · saving…' : ''}
      </span>
      <Button size="sm" onClick={props.onExit} shortcut="E" title="Back to playback">
        Done
      </Button>
      {/* Tools, history and where you are on the first row; the keyframing controls on the second. */}
      <div className="annotate-toolbar__break" />
      <div className="annotate-toolbar__track" role="group" aria-label="Keyframes">
        {TRACK_ACTIONS.map((a) => (
          <Button
            key={a.action}
            size="sm"
            variant="ghost"
            data-action={a.action}
            disabled={a.needsSelection && props.selected === 0}
            title={a.needsSelection && props.selected === 0 ? `${a.hint} (select an annotation first)` : a.hint}
            shortcut={keyOf(bindings, a.action)}
            onClick={() => props.onAction(a.action)}
          >
            {a.name}
          </Button>
        ))}
        <Button
          size="sm"
          variant={props.showInterpolated ? 'ghost' : 'primary'}
          aria-pressed={!props.showInterpolated}
          title={props.showInterpolated ? 'Interpolated values are drawn dashed and marked "interp."; click to show keyframes only' : 'Only keyframes are drawn; click to show interpolated values too'}
          onClick={() => props.onShowInterpolated(!props.showInterpolated)}
        >
          {props.showInterpolated ? 'Interp. shown' : 'Keyframes only'}
        </Button>
        <label className="annotate-toolbar__every" title="Annotate every Nth frame: the frame keys step by N">
          Every
          <input
            type="number"
            aria-label="Step frames by"
            min={1}
            max={MAX_EVERY_N}
            value={props.everyN}
            onChange={(e) => {
              const n = Math.floor(Number(e.currentTarget.value));
              if (Number.isFinite(n) && n >= 1) props.onEveryN(Math.min(MAX_EVERY_N, n));
            }}
          />
          frame{props.everyN === 1 ? '' : 's'}
        </label>
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
        <>
          <select aria-label="Camera" value={props.camera} onChange={(e) => props.onCamera(e.currentTarget.value)}>
            {props.cameras.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <Button size="sm" aria-pressed={props.allCameras} onClick={() => props.onAllCameras(!props.allCameras)} title="Show the other cameras beside this one">
            {props.allCameras ? 'All cameras' : 'This camera'}
          </Button>
        </>
      )}
    </div>
  );
}
