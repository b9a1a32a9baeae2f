import { useMemo } from 'react';
import type { SignalData } from '../../../../shared/contract/domain';
import { formatValue } from '../../../components/format';
import type { PlotLine } from '../../../components/SignalPlot/plotOptions';
import { SignalPlot, type FrameSource } from '../../../components/SignalPlot/SignalPlot';
import type { YScale } from './signalPrefs';
import { canPair, isFlat, layoutSignals, normalizeColumns, plotColumns, type LayoutMode, type PlotGroup } from './signalLayout';
import './SignalsPanel.css';

export interface SignalsPanelViewProps {
  signals: SignalData[];
  frame: FrameSource;
  onSeek(frame: number): void;
  mode: LayoutMode;
  scale: YScale;
  hidden: string[];
  onMode(mode: LayoutMode): void;
  onScale(scale: YScale): void;
  onToggle(key: string): void;
  onSolo(key: string, allKeys: string[]): void;
  onShowAll(): void;
  onHideAll(allKeys: string[]): void;
  /** Differs per episode, so plots of the previous episode are never reused for the next. */
  episodeKey: string | number;
}

interface PreparedGroup {
  group: PlotGroup;
  raw: [number[], ...(number | null)[][]];
  flat: boolean;
}

/** Small multiples of every state and action dim, with a picker of which groups to show. */
export function SignalsPanelView(props: SignalsPanelViewProps) {
  const { signals, frame, onSeek, mode, scale, hidden, episodeKey } = props;
  const state = signals.find((s) => s.name === 'state');
  const action = signals.find((s) => s.name === 'action');
  const pairable = canPair(state, action);
  const effectiveMode: LayoutMode = pairable ? mode : 'separate';
  const prepared = useMemo<PreparedGroup[]>(
    () =>
      layoutSignals(signals, effectiveMode).map((group) => {
        const raw = plotColumns(group, signals);
        return { group, raw, flat: isFlat(raw.slice(1) as (number | null)[][]) };
      }),
    [signals, effectiveMode],
  );
  const allKeys = useMemo(() => prepared.map((p) => p.group.key), [prepared]);
  const visible = prepared.filter((p) => !hidden.includes(p.group.key));
  const lastPlot = [...visible].reverse().find((p) => !p.flat)?.group.key;
  const dimsSummary = [state, action].filter((s) => s !== undefined).map((s) => `${s.dims.length} ${s.name}`).join(' · ');

  return (
    <div className="signals">
      <div className="signals__toolbar">
        <span className="signals__title">Signals</span>
        <span className="signals__summary muted">{dimsSummary} dims</span>
        <span className="signals__spacer" />
        {effectiveMode === 'paired' && (
          <span className="signals__key muted" aria-hidden>
            <i className="signals__key-solid" /> state <i className="signals__key-dashed" /> action
          </span>
        )}
        <Segmented
          label="Y scale"
          value={scale}
          options={[
            ['fit', 'Fit each dim', 'Each dim scaled to its own range over the episode; the legend shows real values'],
            ['shared', 'Shared axis', 'One y axis per plot, in the signal’s units'],
          ]}
          onChange={props.onScale}
        />
        <Segmented
          label="Layout"
          value={effectiveMode}
          options={[
            ['paired', 'State + action', pairable ? 'State solid, action dashed, one colour per dim' : 'State and action have different dims'],
            ['separate', 'Separate', 'State and action in plots of their own'],
          ]}
          disabled={pairable ? [] : ['paired']}
          onChange={props.onMode}
        />
      </div>
      <div className="signals__picker" role="group" aria-label="Dimension groups">
        {prepared.map(({ group, flat }) => (
          <button
            key={group.key}
            type="button"
            className={`chip${hidden.includes(group.key) ? '' : ' is-on'}${flat ? ' is-flat' : ''}`}
            aria-pressed={!hidden.includes(group.key)}
            title={`${flat ? 'Constant over this episode. ' : ''}Click to show or hide; Alt+click to show only this group`}
            onClick={(e) => (e.altKey ? props.onSolo(group.key, allKeys) : props.onToggle(group.key))}
          >
            {group.title}
          </button>
        ))}
        <span className="signals__picker-actions">
          <button type="button" className="link-button" onClick={props.onShowAll}>All</button>
          <button type="button" className="link-button" onClick={() => props.onHideAll(allKeys)}>None</button>
        </span>
      </div>
      <div className="signals__plots">
        {visible.length === 0 && <div className="signals__empty muted">No group selected. Pick one above.</div>}
        {visible.map((p) =>
          p.flat ? (
            <FlatGroup key={`${episodeKey}/${p.group.key}`} prepared={p} paired={effectiveMode === 'paired'} />
          ) : (
            <GroupPlot
              key={`${episodeKey}/${p.group.key}`}
              prepared={p}
              frame={frame}
              onSeek={onSeek}
              paired={effectiveMode === 'paired'}
              fit={scale === 'fit'}
              showXAxis={p.group.key === lastPlot}
            />
          ),
        )}
      </div>
    </div>
  );
}

function GroupPlot({ prepared, frame, onSeek, paired, fit, showXAxis }: {
  prepared: PreparedGroup;
  frame: FrameSource;
  onSeek(frame: number): void;
  paired: boolean;
  fit: boolean;
  showXAxis: boolean;
}) {
  const { group, raw } = prepared;
  const data = useMemo(
    () => (fit ? ([raw[0], ...normalizeColumns(group, raw.slice(1) as (number | null)[][])] as typeof raw) : raw),
    [group, raw, fit],
  );
  const lines = useMemo<PlotLine[]>(() => group.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed })), [group]);
  return (
    <SignalPlot
      title={group.title}
      data={data}
      legendData={raw}
      lines={lines}
      valueHeads={paired ? ['state', 'action'] : []}
      frame={frame}
      onSeek={onSeek}
      syncKey="episode-signals"
      showXAxis={showXAxis}
      yMode={fit ? 'unit' : 'auto'}
    />
  );
}

/** A group that never moves gets one line of values instead of a plot of flat lines. */
function FlatGroup({ prepared, paired }: { prepared: PreparedGroup; paired: boolean }) {
  const { group, raw } = prepared;
  const step = paired ? 2 : 1;
  const items: string[] = [];
  for (let i = 0; i < group.series.length; i += step) {
    const values = group.series.slice(i, i + step).map((_, j) => formatValue(raw[i + j + 1]?.[0] ?? null));
    items.push(`${group.series[i]?.label ?? ''} ${values.join(' / ')}`);
  }
  return (
    <div className="signals__flat" data-plot={group.title}>
      <span className="signals__flat-title">{group.title}</span>
      <span className="signals__flat-tag">constant</span>
      <span className="signals__flat-values mono" title={items.join('\n')}>{items.join('   ')}</span>
    </div>
  );
}

function Segmented<T extends string>({ label, value, options, onChange, disabled = [] }: {
  label: string;
  value: T;
  options: [T, string, string][];
  onChange(value: T): void;
  disabled?: T[];
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([v, text, title]) => (
        <button key={v} type="button" role="radio" aria-checked={value === v} title={title} disabled={disabled.includes(v)} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
