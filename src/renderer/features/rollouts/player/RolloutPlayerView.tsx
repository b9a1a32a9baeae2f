import { useCallback, useMemo, type ReactNode } from 'react';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import type { RolloutRecord } from '../../../../shared/rollouts/record';
import { rolloutSignals } from '../../../../shared/rollouts/signals';
import type { PlotLine } from '../../../components/SignalPlot/plotOptions';
import { SignalPlot, type FrameSource } from '../../../components/SignalPlot/SignalPlot';
import { EpisodePlayerView, PlayerTransport, type CameraStatus, type PlayerControls } from '../../../playback';
import { rolloutMarkers } from './markers';
import { OutcomeBadge } from './OutcomeBadge';
import { availableLayers, LAYER_INFO, OVERLAY_LAYERS, overlayShapes, type OverlayLayer, type OverlayLayers } from './overlays';
import { OverlaySvg } from './OverlaySvg';
import { actionDims, actionPlot, DIM_COLORS, gripperPlot, groundingPlots, missingData, type ComparedGrounding, type PlotSpec } from './series';
import './rolloutPlayer.css';

export interface RolloutPlayerViewProps extends PlayerControls {
  rollout: RolloutSummary;
  record: RolloutRecord;
  /** The playhead the plots follow (the player's store, read outside React). */
  frame: FrameSource;
  layers: OverlayLayers;
  onToggleLayer(layer: OverlayLayer): void;
  actionDims: number[];
  onToggleDim(dim: number): void;
  /** The "compare with…" control, placed in the header. */
  comparePicker?: ReactNode;
  /** The compared rollout or demonstration, shown right of this one on the same step. */
  compare?: ReactNode;
  /** A compared rollout's data: its grounding curves join this one's plots, dashed. */
  compared?: { rollout: RolloutSummary; record: RolloutRecord } | null;
}

/** The rollout player drawn from props alone: what tests and screenshots render. */
export function RolloutPlayerView(props: RolloutPlayerViewProps) {
  const { rollout, record, player, layers, frame } = props;
  const signals = useMemo(() => rolloutSignals(record), [record]);
  const markers = useMemo(() => rolloutMarkers(record, signals), [record, signals]);
  const available = useMemo(() => availableLayers(record), [record]);
  const missing = useMemo(() => missingData(record, rollout.cameras.length), [record, rollout.cameras.length]);
  // The overlay follows the picture on screen, which changes only once a seek has decoded.
  const overlay = useRolloutOverlay(record, player.currentFrame, layers);

  return (
    <div className="rollout-player" data-rollout={rollout.id} data-step={player.currentFrame}>
      <header className="rollout-player__head">
        <OutcomeBadge success={rollout.success} reason={rollout.reason} />
        <span className="rollout-player__title">Rollout #{rollout.id}</span>
        <span className="rollout-player__facts muted">{describeRollout(rollout)}</span>
        <span className="rollout-player__instruction" title={record.instruction}>
          “{record.instruction}”
        </span>
        <span className="rollout-player__spacer" />
        {props.comparePicker}
      </header>
      <div className="rollout-player__layers" role="group" aria-label="Overlays">
        {OVERLAY_LAYERS.map((layer) => (
          <label
            key={layer}
            className={`rollout-player__layer${available[layer] ? '' : ' is-missing'}`}
            title={available[layer] ? LAYER_INFO[layer].title : `${LAYER_INFO[layer].title}. This rollout does not carry it.`}
          >
            <input type="checkbox" checked={layers[layer] && available[layer]} disabled={!available[layer]} onChange={() => props.onToggleLayer(layer)} data-layer={layer} />
            <i className={`rollout-player__swatch rollout-player__swatch--${layer}`} style={{ borderColor: LAYER_INFO[layer].color }} />
            {LAYER_INFO[layer].label}
          </label>
        ))}
        <span className="rollout-player__hint muted">dashed box: prediction held from an earlier step</span>
      </div>
      <div className={props.compare ? 'rollout-player__videos rollout-player__videos--compare' : 'rollout-player__videos'}>
        <section className="rollout-player__pane" aria-label={`Rollout ${rollout.id}`}>
          {props.compare && <div className="rollout-player__pane-title">A · rollout #{rollout.id}</div>}
          <EpisodePlayerView
            player={player}
            onToggle={props.onToggle}
            onStep={props.onStep}
            onSeek={props.onSeek}
            onSpeed={props.onSpeed}
            onFocus={props.onFocus}
            canvasRef={props.canvasRef}
            overlay={overlay}
            controls={false}
          />
        </section>
        {props.compare && <section className="rollout-player__pane">{props.compare}</section>}
      </div>
      <PlayerTransport player={player} markers={markers} onToggle={props.onToggle} onStep={props.onStep} onSeek={props.onSeek} onSpeed={props.onSpeed} />
      {missing.length > 0 && (
        <p className="rollout-player__note" role="note">
          This rollout's file did not carry {joinWords(missing)}; what needs them is left out.
        </p>
      )}
      <RolloutPlots
        rollout={rollout}
        record={record}
        frame={frame}
        onSeek={props.onSeek}
        dims={props.actionDims}
        onToggleDim={props.onToggleDim}
        compared={props.compare ? props.compared ?? null : null}
      />
    </div>
  );
}

/** The overlay callback of the camera grid, stable while nothing it draws changes; none without a record. */
export function useRolloutOverlay(record: RolloutRecord | null, step: number, layers: OverlayLayers) {
  const draw = useCallback(
    (camera: CameraStatus) =>
      record && camera.width > 0 && camera.height > 0 ? (
        <OverlaySvg shapes={overlayShapes(record, step, camera, layers)} width={camera.width} height={camera.height} />
      ) : null,
    [record, step, layers],
  );
  return record ? draw : undefined;
}

function RolloutPlots({ rollout, record, frame, onSeek, dims, onToggleDim, compared }: {
  rollout: RolloutSummary;
  record: RolloutRecord;
  frame: FrameSource;
  onSeek(frame: number): void;
  dims: number[];
  onToggleDim(dim: number): void;
  compared: { rollout: RolloutSummary; record: RolloutRecord } | null;
}) {
  const names = useMemo(() => actionDims(record), [record]);
  const hasChunks = useMemo(() => record.steps.some((s) => s.chunk?.length), [record]);
  const policyWidth = rollout.cameras.find((c) => c.name === record.policyCamera)?.width ?? null;
  const plots = useMemo(() => {
    const out: PlotSpec[] = [];
    const actions = actionPlot(record, dims);
    if (actions) out.push(actions);
    const other: ComparedGrounding | undefined = compared
      ? {
          signals: rolloutSignals(compared.record),
          policyCameraWidth: compared.rollout.cameras.find((c) => c.name === compared.record.policyCamera)?.width ?? null,
          label: `B #${compared.rollout.id}`,
        }
      : undefined;
    out.push(...groundingPlots(rolloutSignals(record), policyWidth, other));
    const gripper = gripperPlot(record);
    if (gripper) out.push(gripper);
    return out;
  }, [record, dims, policyWidth, compared]);
  if (names.length === 0 && plots.length === 0) return null;
  const last = plots.at(-1)?.key;
  return (
    <div className="rollout-player__plots">
      {names.length > 0 && (
        <div className="rollout-player__dims" role="group" aria-label="Action dims">
          <span className="muted">Action dims</span>
          {names.map((name, d) => (
            <button
              key={name}
              type="button"
              className={`chip${dims.includes(d) ? ' is-on' : ''}`}
              aria-pressed={dims.includes(d)}
              onClick={() => onToggleDim(d)}
              style={dims.includes(d) ? { borderColor: DIM_COLORS[d % DIM_COLORS.length] } : undefined}
            >
              {name}
            </button>
          ))}
          <span className="rollout-player__key muted" aria-hidden>
            each dim fit to its range · <i className="rollout-player__key-solid" /> executed
            {hasChunks && (
              <>
                <i className="rollout-player__key-dashed" /> predicted (chunk row 1)
              </>
            )}
          </span>
        </div>
      )}
      {plots.map((plot) => (
        <PlotOf key={`${rollout.id}/${plot.key}`} plot={plot} frame={frame} onSeek={onSeek} syncKey={`rollout-${rollout.id}`} showXAxis={plot.key === last} />
      ))}
    </div>
  );
}

function PlotOf({ plot, frame, onSeek, syncKey, showXAxis }: { plot: PlotSpec; frame: FrameSource; onSeek(f: number): void; syncKey: string; showXAxis: boolean }) {
  const lines = useMemo<PlotLine[]>(() => plot.lines, [plot]);
  return (
    <SignalPlot
      title={plot.title}
      data={plot.data}
      legendData={plot.legendData}
      lines={lines}
      valueHeads={plot.valueHeads}
      frame={frame}
      onSeek={onSeek}
      syncKey={syncKey}
      showXAxis={showXAxis}
      yMode={plot.yMode}
    />
  );
}

export function describeRollout(r: Pick<RolloutSummary, 'variant' | 'seed' | 'checkpointId' | 'source' | 'steps'>): string {
  const parts = [
    r.variant,
    r.seed !== null ? `seed ${r.seed}` : null,
    r.checkpointId !== null ? `checkpoint ${r.checkpointId}` : r.source !== 'sim' ? `imported (${r.source})` : null,
    `${r.steps} steps`,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
