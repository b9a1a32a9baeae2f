/**
 * The annotation workspace, connected: the open episode's session (backend calls, other windows'
 * edits), the player's clock and focused camera, the active tool, and the keys of the mode.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EpisodeDetail } from '../../../shared/contract/domain';
import type { CanvasPointerEvent } from '../../canvas/input';
import { NO_ADJUST, type ImageAdjust } from '../../canvas/layers';
import { useCanvasViewport } from '../../canvas/useCanvasViewport';
import { useFrameFeed, usePlayerFrame } from '../../canvas/usePlayerFrame';
import { performAction, type ToolId } from '../../editor/actions';
import { actionFor, type HotkeyAction } from '../../editor/hotkeys';
import { createTool } from '../../editor/tools/createTool';
import type { ToolContext, ToolEvent } from '../../editor/tools/tool';
import { playerStore, usePlayerStore } from '../../playback';
import { AnnotateWorkspaceView } from './AnnotateWorkspaceView';
import { CameraTile } from './CameraTile';
import { activeAnnotations, createPointerTranslator, drawnSummary, paletteOf, selectionHandles, staticAnnotations } from './canvasContent';
import { useHotkeyPrefs } from './hotkeyPrefs';
import { useStoredState } from './useStoredState';
import { commandWords } from './session';
import { useAnnotateKeys } from './useAnnotateKeys';
import { useAnnotateSession, useLabelClasses } from './useAnnotateSession';
import { useElementSize } from '../../canvas/useElementSize';
import type { DrawOp } from '../../editor/types';
import { PANELS } from './panels';
import { SidePanels } from './panels/SidePanels';
import type { ImagePoint, WorkspaceContext } from './panels/types';

export interface AnnotateWorkspaceProps {
  episode: EpisodeDetail;
  onExit(): void;
}

/** Screen pixels a press may miss a shape or handle by and still take it. */
const HIT_PX = 6;
/** Keys the tools use themselves (finish, drop, take back, delete). */
const TOOL_KEYS = new Set(['Enter', 'Escape', 'Backspace', 'Delete']);
const DRAWING_HINT = 'Click the next vertex · Enter or double-click finishes · Backspace takes one back · Esc drops it';
const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const isControl = (t: EventTarget | null): boolean => t instanceof HTMLElement && t.closest('button, select, [role=slider]') !== null;
const inCanvas = (t: EventTarget | null): boolean => t instanceof HTMLElement && t.closest('.annotation-canvas') !== null;

export function AnnotateWorkspace({ episode, onExit }: AnnotateWorkspaceProps) {
  const session = useAnnotateSession(episode.id, episode.length);
  const player = usePlayerStore(useShallow((s) => ({ frame: s.currentFrame, cameras: s.cameras, focused: s.focused })));
  const status = player.cameras.find((c) => c.name === player.focused) ?? player.cameras[0] ?? null;
  const info = episode.cameras.find((c) => c.name === status?.name) ?? episode.cameras[0];
  const camera = status?.name ?? info?.name ?? '';
  const feed = useFrameFeed();
  const picture = usePlayerFrame(feed, camera);
  const width = status?.width || info?.width || picture.image?.width || 0;
  const height = status?.height || info?.height || picture.image?.height || 0;
  const imageSize = useMemo(() => ({ width, height }), [width, height]);
  const [hostRef, size] = useElementSize();
  const view = useCanvasViewport(imageSize, size);
  const [adjust, setAdjust] = useState<ImageAdjust>(NO_ADJUST);
  const [toolId, setToolId] = useState<ToolId>('select');
  const tool = useMemo(() => createTool(toolId), [toolId]);
  // Tools are mutable state machines: their preview changes without the document changing.
  const [, setTick] = useState(0);
  const labels = useLabelClasses();
  const palette = useMemo(() => paletteOf(labels), [labels]);
  const [chosenLabel, setLabel] = useState<number | null>(null);
  // A class deleted meanwhile is no longer offered.
  const label = labels.some((l) => l.id === chosenLabel) ? chosenLabel : null;
  const translate = useMemo(() => createPointerTranslator(), []);
  /** A refusal of a key action (a label key with nothing selected); tools keep their own. */
  const [localNote, setNote] = useState<string | null>(null);
  const frame = player.frame;
  const editor = session?.editor ?? null;
  const [overlays, setOverlays] = useState<Record<string, DrawOp[]>>({});
  const setOverlay = useCallback((panel: string, ops: DrawOp[]) => setOverlays((o) => ({ ...o, [panel]: ops })), []);
  const claim = useRef<((p: ImagePoint) => void) | null>(null);
  const [claimed, setClaimed] = useState(false);
  const claimPointer = useCallback((handler: ((p: ImagePoint) => void) | null) => {
    claim.current = handler;
    setClaimed(handler !== null);
  }, []);
  const seek = useCallback((f: number) => playerStore.getState().seek(f), []);
  const bindings = useHotkeyPrefs((s) => s.merged.bindings);
  const [showInterpolated, setShowInterpolated] = useStoredState('st4vla.annotate.interpolated', true);
  const [everyN, setEveryN] = useStoredState('st4vla.annotate.everyN', 1);
  const [allCameras, setAllCameras] = useStoredState('st4vla.annotate.allCameras', true);
  const others = allCameras && editor ? player.cameras.filter((c) => c.name !== camera) : [];

  const context = (): ToolContext | null =>
    editor && camera ? { editor, camera, frame, labelId: label, tolerance: HIT_PX / view.viewport.scale, image: imageSize } : null;

  const dispatch = (events: readonly ToolEvent[]): boolean => {
    const ctx = context();
    if (!ctx || !session) return false;
    let used = false;
    for (const e of events) used = tool.handle(e, ctx) || used;
    session.flush(camera);
    setTick((t) => t + 1);
    return used;
  };

  const switchTool = (next: ToolId) => {
    // A half-made gesture of the old tool must not stay in the document.
    if (editor?.inGesture) editor.cancel();
    setToolId(next);
  };

  /** Every action, from a key or a button: the backend's history for undo/redo, the editor's actions for the rest. */
  const runAction = (action: HotkeyAction): void => {
    if (!session || !editor) return;
    const player = playerStore.getState();
    if (action === 'history.undo') void session.undo();
    else if (action === 'history.redo') void session.redo();
    else if (action.startsWith('tool.')) switchTool(action.slice(5) as ToolId);
    else if (action === 'playback.toggle') player.toggle();
    // The player's own step counts from the frame being sought, so quick presses add up.
    else if (action === 'frame.next' || action === 'frame.prev') player.step(action === 'frame.next' ? everyN : -everyN);
    else if (action.startsWith('label.') && editor.selection.length === 0) {
      // Nothing selected: the number picks the class of the shapes drawn next.
      const picked = labels[Number(action.slice(6)) - 1];
      if (picked) setLabel(picked.id);
      else setNote(`there is no class ${action.slice(6)}`);
    } else {
      if (editor.inGesture) editor.cancel();
      const result = performAction(action, { editor, camera, frame, length: episode.length, labelIds: labels.map((l) => l.id), step: everyN });
      session.flush(camera);
      setNote(result.refused ?? null);
      if (result.seek !== undefined) player.seek(result.seek);
      if (result.tool) switchTool(result.tool);
    }
  };

  useAnnotateKeys((e) => {
    if (!session || !editor) return false;
    if (TOOL_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (dispatch([{ type: 'key', key: e.key }])) return true;
      // Escape is always the mode's: in the player it would unfocus the camera being annotated.
      if (e.key === 'Escape') return true;
    }
    const action = actionFor(bindings, e, MAC);
    if (!action) return false;
    // Space on a focused button presses the button, as everywhere else in the studio; on the focused
    // canvas it pans while held and plays or pauses on release (the canvas's own onSpaceTap).
    if (action === 'playback.toggle' && e.key === ' ' && (isControl(e.target) || inCanvas(e.target))) return false;
    runAction(action);
    return true;
  });

  // The editor is mutated in place, so these memos key on its counters rather than on the object. The
  // static layer and the page's summary change only with the document or the selection (which moves shapes
  // to the interaction layer): a save's acknowledgement, the undo state or a note must not repaint 10,000
  // shapes, least of all in the frame right after the input.
  const revision = editor?.doc.revision ?? 0;
  const selectionKey = editor?.selection.join('\n') ?? '';
  const editorVersion = editor?.version ?? 0;
  const shown = useMemo(() => {
    if (!editor || !camera) return null;
    const target = { camera, frame, showInterpolated };
    return { drawn: JSON.stringify(drawnSummary(editor, target)), annotations: staticAnnotations(editor, target, palette) };
  }, [editor, revision, selectionKey, camera, frame, palette, showInterpolated]);
  const selected = useMemo(() => {
    if (!editor || !camera) return null;
    const target = { camera, frame, showInterpolated };
    return { selectionOps: activeAnnotations(editor, target, palette, view.viewport.scale), handles: selectionHandles(editor, target) };
  }, [editor, editorVersion, camera, frame, palette, view.viewport.scale, showInterpolated]);
  const canvas = shown && selected ? { ...shown, ...selected } : null;

  const ctx = context();
  const preview = ctx ? tool.preview(ctx) : [];
  const overlayOps = Object.values(overlays).flat();
  const panelContext: WorkspaceContext | null =
    session && editor && camera
      ? {
          episode,
          session,
          editor,
          camera,
          cameras: player.cameras.map((c) => c.name),
          frame,
          image: imageSize,
          labels,
          seek,
          note: setNote,
          setOverlay,
          claimPointer,
        }
      : null;
  const sidePanels = PANELS.filter((p) => p.place === 'side');
  const lanePanels = PANELS.filter((p) => p.place === 'bottom');

  return (
    <AnnotateWorkspaceView
      status={session?.status ?? 'loading'}
      error={session?.error ?? null}
      note={tool.message ?? localNote ?? session?.note ?? (tool.state === 'drawing' ? DRAWING_HINT : null)}
      onDismiss={() => {
        setNote(null);
        session?.dismiss();
      }}
      drawn={canvas?.drawn}
      toolbar={{
        tool: toolId,
        bindings,
        camera,
        cameras: player.cameras.map((c) => c.name),
        frame,
        count: editor?.doc.size ?? 0,
        busy: (session?.pending ?? 0) > 0,
        undoCommand: session?.history?.canUndo ? commandWords(session.history.undoCommand ?? 'edit') : null,
        redoCommand: session?.history?.canRedo ? commandWords(session.history.redoCommand ?? 'edit') : null,
        onTool: switchTool,
        onUndo: () => void session?.undo(),
        onRedo: () => void session?.redo(),
        labels,
        label,
        onLabel: setLabel,
        onCamera: (name) => playerStore.getState().focus(name),
        onExit,
        selected: editor?.selection.length ?? 0,
        onAction: runAction,
        showInterpolated,
        onShowInterpolated: setShowInterpolated,
        everyN,
        onEveryN: setEveryN,
        allCameras,
        onAllCameras: setAllCameras,
      }}
      tiles={
        editor && others.length > 0
          ? others.map((c) => (
              <CameraTile
                key={c.name}
                editor={editor}
                revision={revision}
                selectionKey={selectionKey}
                camera={c}
                frame={frame}
                feed={feed}
                palette={palette}
                showInterpolated={showInterpolated}
                onActivate={(name) => {
                  if (editor.inGesture) editor.cancel();
                  playerStore.getState().focus(name);
                }}
              />
            ))
          : null
      }
      side={panelContext && sidePanels.length > 0 ? <SidePanels panels={sidePanels} ctx={panelContext} /> : null}
      lanes={panelContext ? lanePanels.map((p) => <p.Component key={p.id} ctx={panelContext} />) : null}
      hostRef={hostRef}
      size={size}
      onAdjust={setAdjust}
      canvas={
        canvas && {
          image: picture.image,
          imageSize,
          frameVersion: picture.version,
          viewport: view.viewport,
          adjust,
          annotations: canvas.annotations,
          active: preview.length || overlayOps.length ? [...canvas.selectionOps, ...overlayOps, ...preview] : canvas.selectionOps,
          handles: canvas.handles,
          cursor: toolId === 'select' && !claimed ? 'default' : 'crosshair',
          onViewport: view.setViewport,
          onFit: view.fit,
          onOneToOne: view.oneToOne,
          onPointer: (e: CanvasPointerEvent) => {
            // A shape is drawn on one frame: the clock must not move under a press.
            if (e.type === 'down' && playerStore.getState().state === 'playing') playerStore.getState().pause();
            // A panel that asked for the next clicks (calibration) gets them instead of the tool.
            if (claim.current) {
              if (e.type === 'down' && e.button === 0) claim.current({ x: e.x, y: e.y });
              return;
            }
            dispatch(translate(e, view.viewport.scale));
          },
          onSpaceTap: () => playerStore.getState().toggle(),
        }
      }
    />
  );
}
