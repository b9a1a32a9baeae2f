import { describe, expect, it } from 'vitest';
import { buildPlotOptions, compactTick, legendEntries, type PlotLine } from './plotOptions';

const lines: PlotLine[] = [
  { label: 'motor_0', color: '#f00', dashed: false, tag: 's' },
  { label: 'motor_0', color: '#f00', dashed: true, tag: 'a' },
  { label: 'motor_1', color: '#0f0', dashed: false, tag: 's' },
];

describe('buildPlotOptions', () => {
  it('has one series per line after the x series, dashed where asked', () => {
    const opts = buildPlotOptions({ width: 300, height: 80, lines, showXAxis: true });
    expect(opts.series).toHaveLength(4);
    expect(opts.series[2]).toMatchObject({ stroke: '#f00', dash: [4, 3] });
    expect(opts.series[1]).not.toHaveProperty('dash');
  });
  it('turns off drag-zoom so a drag can scrub, and syncs cursors only when keyed', () => {
    const opts = buildPlotOptions({ width: 300, height: 80, lines, showXAxis: false, syncKey: 'ep' });
    expect(opts.cursor?.drag).toMatchObject({ x: false, setScale: false });
    expect(opts.cursor?.sync?.key).toBe('ep');
    expect(buildPlotOptions({ width: 1, height: 1, lines, showXAxis: false }).cursor?.sync).toBeUndefined();
  });
});

describe('unit y mode', () => {
  it('fixes the y range and hides its numbers', () => {
    const opts = buildPlotOptions({ width: 300, height: 80, lines, showXAxis: true, yMode: 'unit' });
    expect(opts.scales?.y).toMatchObject({ auto: false });
    expect(opts.axes?.[1]?.size).toBe(10);
  });
});

describe('compactTick', () => {
  it('is short', () => {
    expect(compactTick(0)).toBe('0');
    expect(compactTick(0.25)).toBe('0.25');
    expect(compactTick(12345)).toBe('12.3k');
    expect(compactTick(0.0002)).toBe('2e-4');
    expect(compactTick(1.23456)).toBe('1.23');
  });
});

describe('legendEntries', () => {
  it('folds state and action of one dim into one entry', () => {
    expect(legendEntries(lines)).toEqual([
      { label: 'motor_0', color: '#f00', lineIdx: [0, 1] },
      { label: 'motor_1', color: '#0f0', lineIdx: [2] },
    ]);
  });
});
