/**
 * The Projection panel: the camera's calibration, a trajectory suggested from the robot's state (dashed
 * over the image until accepted or discarded), and calibration by clicking the gripper's tip on 6+
 * frames, fitted by the DLT on the backend and stored for every episode of the dataset.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../../../../shared/contract/errors';
import type { SignalData } from '../../../../shared/contract/domain';
import type { CalibrationFit, CalibrationState, PositionDims, TrajectorySuggestion } from '../../../../shared/contract/projection';
import { Button } from '../../../components/Button';
import { createAnnotation } from '../../../editor/commands';
import { isRefusal } from '../../../editor/types';
import { getStudioClient } from '../../../platform/client';
import { addClick, clickOps, ClickStore, describeCalibration, framesToClick, MIN_CLICKS, projectedTrajectory, px, removeClick, suggestionOps, type Click } from './projectionModel';
import type { WorkspaceContext, WorkspacePanel } from './types';
import './ProjectionPanel.css';

const PANEL_ID = 'projection';
const clickStore = new ClickStore();

type Mode = 'future' | 'whole';

const messageOf = (error: unknown): string => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

export function ProjectionPanel({ ctx }: { ctx: WorkspaceContext }) {
  const { episode, camera, frame } = ctx;
  const client = getStudioClient();
  const [calibration, setCalibration] = useState<CalibrationState | null>(null);
  const [mode, setMode] = useState<Mode>('future');
  const [maxPoints, setMaxPoints] = useState(8);
  const [suggestion, setSuggestion] = useState<(TrajectorySuggestion & { mode: Mode; from: number }) | null>(null);
  const [calibrating, setCalibrating] = useState(false);
  const [fit, setFit] = useState<CalibrationFit | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<SignalData | undefined>(undefined);
  /** x, y, z dims the user picked when the state's names say nothing (motor_0 … motor_43). */
  const [chosenDims, setChosenDims] = useState<PositionDims | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = ClickStore.key(episode.datasetId, camera);
  const clicks = useSyncExternalStore(clickStore.subscribe, () => clickStore.get(key));
  // The pointer handler outlives renders: it reads where the player is now, not when it was made.
  const frameRef = useRef(frame);
  frameRef.current = frame;

  const reload = useCallback(() => {
    client.call('calibration.get', { episodeId: episode.id, camera }).then(setCalibration, (e: unknown) => setError(messageOf(e)));
  }, [client, episode.id, camera]);

  useEffect(() => {
    setCalibration(null);
    setSuggestion(null);
    setFit(null);
    setError(null);
    setChosenDims(null);
    reload();
    return client.on('calibration.changed', (e) => {
      if (e.datasetId === episode.datasetId && e.camera === camera) reload();
    });
  }, [client, reload, episode.datasetId, camera]);

  // A fit shown with the clicks it was made from; the stored one after a reload.
  const shownFit = fit ?? calibration?.fit ?? null;

  useEffect(() => {
    const ops = [...(suggestion ? suggestionOps(suggestion, frame) : []), ...(calibrating || fit ? clickOps(clicks, episode.id, frame, shownFit) : [])];
    ctx.setOverlay(PANEL_ID, ops);
  }, [ctx.setOverlay, suggestion, calibrating, fit, clicks, episode.id, frame, shownFit]);

  useEffect(() => () => ctx.setOverlay(PANEL_ID, []), [ctx.setOverlay]);

  // The state, once calibrating starts: it says which frames are worth clicking.
  useEffect(() => {
    if (!calibrating) return;
    let live = true;
    client.call('episodes.signals', { id: episode.id }).then(
      (signals) => live && setState(signals.find((s) => s.name === 'state')),
      () => live && setState(undefined),
    );
    return () => {
      live = false;
    };
  }, [calibrating, client, episode.id]);

  useEffect(() => {
    if (!calibrating) return;
    ctx.claimPointer((p) => {
      const { width, height } = ctx.image;
      if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) return;
      const click: Click = { episodeId: episode.id, episodeIndex: episode.index, frame: frameRef.current, x: p.x, y: p.y };
      clickStore.set(key, addClick(clickStore.get(key), click));
    });
    return () => ctx.claimPointer(null);
  }, [calibrating, ctx.claimPointer, ctx.image, episode.id, episode.index, key]);

  const suggest = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await client.call('trajectory.suggest', { episodeId: episode.id, camera, frame, mode, maxPoints, ...dimsArg });
      setSuggestion({ ...result, mode, from: mode === 'whole' ? 0 : frame });
    } catch (e) {
      setSuggestion(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const accept = () => {
    if (!suggestion) return;
    const annotation = projectedTrajectory(ctx.editor.newId(), camera, suggestion.points);
    const result = ctx.editor.run(createAnnotation, { annotation }, frame);
    if (isRefusal(result)) {
      setError(result.refused);
      return;
    }
    ctx.editor.select([annotation.id]);
    ctx.session.flush(camera);
    setSuggestion(null);
    ctx.note(`Projected trajectory added: ${suggestion.points.length} vertices`);
  };

  const runFit = async () => {
    setBusy(true);
    setError(null);
    try {
      const sent = clicks.map(({ episodeId, frame: f, x, y }) => ({ episodeId, frame: f, x, y }));
      setFit(await client.call('calibration.fit', { episodeId: episode.id, camera, clicks: sent, ...dimsArg }));
      setCalibrating(false);
      reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (c: Click): number | null => {
    const k = shownFit?.clicks.find((f) => (f.episodeId ?? shownFit.episodeId) === c.episodeId && f.frame === c.frame && f.x === c.x && f.y === c.y);
    return k ? k.error : null;
  };

  const calibrated = calibration !== null && calibration.source !== 'none';
  const dims = calibration?.positionDims ?? chosenDims;
  const suggestedFrames = useMemo(() => framesToClick(state, dims), [state, dims]);
  const dimsArg = dims ? { positionDims: dims } : {};
  const thisFrame = clicks.some((c) => c.episodeId === episode.id && c.frame === frame);

  return (
    <div className="projection-panel" data-source={calibration?.source ?? 'loading'}>
      <section className="projection-panel__section">
        <h3 className="projection-panel__title">Camera {camera}</h3>
        <p className="projection-panel__status" data-testid="calibration-status">
          {describeCalibration(calibration)}
        </p>
        {calibration?.positionProblem && !chosenDims && <p className="projection-panel__warn">{calibration.positionProblem}</p>}
        {calibration && !calibration.positionDims && calibration.stateDims.length >= 3 && (
          <DimsPicker names={calibration.stateDims} value={chosenDims} onChange={setChosenDims} />
        )}
        {dims && calibration && (
          <p className="projection-panel__muted">Gripper position: state dims {dims.map((d) => calibration.stateDims[d] ?? d).join(', ')}</p>
        )}
      </section>

      {/* Hidden while clicking: the panel is short and the calibration is what is being made. */}
      {!calibrating && (
      <section className="projection-panel__section" aria-label="Suggest trajectory">
        <h3 className="projection-panel__title">Suggest trajectory</h3>
        <div className="projection-panel__row">
          <label>
            <input type="radio" name="projection-mode" checked={mode === 'future'} onChange={() => setMode('future')} /> From this frame
          </label>
          <label>
            <input type="radio" name="projection-mode" checked={mode === 'whole'} onChange={() => setMode('whole')} /> Whole episode
          </label>
        </div>
        <div className="projection-panel__row">
          <label>
            Vertices{' '}
            <input
              type="number"
              className="projection-panel__number"
              min={2}
              max={50}
              value={maxPoints}
              onChange={(e) => setMaxPoints(Math.min(50, Math.max(2, Math.round(Number(e.target.value)) || 2)))}
            />
          </label>
          <Button size="sm" variant="primary" disabled={!calibrated || busy || !dims} onClick={() => void suggest()}>
            Suggest trajectory
          </Button>
        </div>
        {suggestion && (
          <div className="projection-panel__preview" data-testid="suggestion">
            <p>
              {suggestion.points.length} vertices, frames {suggestion.points[0]?.frame}–{suggestion.points.at(-1)?.frame}
              {suggestion.clipped > 0 ? ` (${suggestion.clipped} frames outside the image left out)` : ''}
            </p>
            <div className="projection-panel__row">
              <Button size="sm" variant="primary" onClick={accept}>
                Accept trajectory
              </Button>
              <Button size="sm" onClick={() => setSuggestion(null)}>
                Discard
              </Button>
            </div>
          </div>
        )}
      </section>
      )}

      <section className="projection-panel__section" aria-label="Calibrate">
        <h3 className="projection-panel__title">Calibrate by clicks</h3>
        {!calibrating ? (
          <Button
            size="sm"
            onClick={() => {
              setSuggestion(null);
              setCalibrating(true);
            }}
            disabled={!dims}
          >
            {calibrated ? 'Recalibrate…' : 'Calibrate…'}
          </Button>
        ) : (
          <>
            <div className="projection-panel__row">
              <Button size="sm" variant="primary" disabled={clicks.length < MIN_CLICKS || busy} onClick={() => void runFit()}>
                Fit camera ({clicks.length} clicks)
              </Button>
              <Button size="sm" onClick={() => setCalibrating(false)}>
                Stop clicking
              </Button>
            </div>
            {suggestedFrames.length > 0 && (
              <div className="projection-panel__frames" aria-label="Frames to click">
                <span className="projection-panel__muted">Spread-out frames:</span>
                {suggestedFrames.map((f) => {
                  const done = clicks.some((c) => c.episodeId === episode.id && c.frame === f);
                  return (
                    <button
                      key={f}
                      type="button"
                      className={`projection-panel__frame${f === frame ? ' projection-panel__frame--on' : ''}${done ? ' projection-panel__frame--done' : ''}`}
                      onClick={() => ctx.seek(f)}
                      title={done ? 'Clicked' : 'Go to this frame'}
                    >
                      {f}
                    </button>
                  );
                })}
              </div>
            )}
            <p className="projection-panel__hint">
              {thisFrame ? 'Clicked on this frame; click again to move it.' : 'Click the gripper tip on the image.'} {MIN_CLICKS}+ frames spread in height and
              depth; clicks on other episodes of this dataset count too.
            </p>
          </>
        )}
        {shownFit && (
          <p className="projection-panel__fit" data-testid="fit-error">
            Reprojection error: mean {px(shownFit.mean)}, max {px(shownFit.max)}
          </p>
        )}
        {clicks.length > 0 && (
          <ol className="projection-panel__clicks" aria-label="Calibration clicks">
            {clicks.map((c) => {
              const err = errorOf(c);
              const here = c.episodeId === episode.id;
              return (
                <li key={`${c.episodeId}/${c.frame}`} className={here && c.frame === frame ? 'projection-panel__click--on' : undefined}>
                  <button type="button" className="projection-panel__seek" disabled={!here} onClick={() => ctx.seek(c.frame)} title={here ? 'Go to this frame' : 'A click on another episode'}>
                    {here ? '' : `#${c.episodeIndex} `}frame {c.frame}
                  </button>
                  <span className="projection-panel__xy">
                    {c.x.toFixed(1)}, {c.y.toFixed(1)}
                  </span>
                  <span className="projection-panel__err">{err === null ? '' : px(err)}</span>
                  <button type="button" className="projection-panel__remove" aria-label={`Remove the click on frame ${c.frame}`} onClick={() => clickStore.set(key, removeClick(clickStore.get(key), c.episodeId, c.frame))}>
                    ×
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      {error && (
        <p className="projection-panel__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const AXES = ['x', 'y', 'z'] as const;

/** Three selects naming which state dims are the gripper's x, y and z. */
function DimsPicker({ names, value, onChange }: { names: readonly string[]; value: PositionDims | null; onChange(dims: PositionDims | null): void }) {
  const [picked, setPicked] = useState<(number | null)[]>(value ? [...value] : [null, null, null]);
  const pick = (axis: number, dim: number | null) => {
    const next = picked.map((d, i) => (i === axis ? dim : d));
    setPicked(next);
    const complete = next.every((d) => d !== null) && new Set(next).size === 3;
    onChange(complete ? (next as unknown as PositionDims) : null);
  };
  return (
    <div className="projection-panel__row" aria-label="Gripper position dims">
      {AXES.map((axis, i) => (
        <label key={axis}>
          {axis}{' '}
          <select aria-label={`State dim of the gripper's ${axis}`} value={picked[i] ?? ''} onChange={(e) => pick(i, e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
            <option value="">—</option>
            {names.map((n, d) => (
              <option key={d} value={d}>
                {n}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

export const projectionPanel: WorkspacePanel = { id: PANEL_ID, title: 'Projection', place: 'side', Component: ProjectionPanel };
