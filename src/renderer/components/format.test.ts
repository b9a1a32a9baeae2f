import { describe, expect, it } from 'vitest';
import { formatCount, formatLength, formatSeconds, formatShortSeconds, formatValue, percent } from './format';

describe('formatSeconds', () => {
  it('shows milliseconds below an hour', () => {
    expect(formatSeconds(0)).toBe('0:00.000');
    expect(formatSeconds(20.8)).toBe('0:20.800');
    expect(formatSeconds(75.05)).toBe('1:15.050');
  });
  it('carries a rounded-up millisecond into the seconds', () => {
    expect(formatSeconds(1.9996)).toBe('0:02.000');
  });
  it('switches to h:mm:ss past an hour', () => {
    expect(formatSeconds(3725)).toBe('1:02:05');
  });
  it('renders a dash for nonsense', () => {
    expect(formatSeconds(Number.NaN)).toBe('–');
    expect(formatSeconds(-1)).toBe('–');
  });
});

describe('formatLength and formatShortSeconds', () => {
  it('pairs frames with seconds', () => {
    expect(formatLength(416, 20)).toBe('416 f · 20.8 s');
    expect(formatLength(100, 0)).toBe('100 f');
  });
  it('uses minutes and hours for long spans', () => {
    expect(formatShortSeconds(5)).toBe('5.00 s');
    expect(formatShortSeconds(192)).toBe('3 min 12 s');
    expect(formatShortSeconds(7260)).toBe('2 h 1 min');
  });
});

describe('formatCount', () => {
  it('groups thousands with a thin space', () => {
    expect(formatCount(2096)).toBe('2\u2009096');
    expect(formatCount(1234567)).toBe('1\u2009234\u2009567');
    expect(formatCount(12)).toBe('12');
    expect(formatCount(-4500)).toBe('-4\u2009500');
  });
});

describe('percent', () => {
  it('clamps and floors', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 3)).toBe(100);
    expect(percent(-1, 3)).toBe(0);
  });
  it('is unknown without a total', () => {
    expect(percent(3, 0)).toBeNull();
  });
});

describe('formatValue', () => {
  it('keeps a fixed precision and drops negative zero', () => {
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(-0.0000001)).toBe('-1.00e-7');
    expect(formatValue(-0.0004)).toBe('-4.00e-4');
    expect(formatValue(0)).toBe('0.000');
    expect(formatValue(-0)).toBe('0.000');
    expect(formatValue(123.456)).toBe('123.5');
    expect(formatValue(null)).toBe('–');
  });
});
