/** Number and time formatting shared by every screen, so a frame count reads the same everywhere. */

/** `m:ss.mmm` below an hour, `h:mm:ss` above: researchers compare episodes to the frame, not the minute. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(s)}`;
  const ms = Math.round((seconds - whole) * 1000);
  // Rounding 0.9996 s up must carry into the seconds, not print ".1000".
  if (ms === 1000) return formatSeconds(whole + 1);
  return `${m}:${pad2(s)}.${String(ms).padStart(3, '0')}`;
}

/** An episode's length as "416 f · 20.8 s". */
export function formatLength(frames: number, fps: number): string {
  if (!(fps > 0)) return `${formatCount(frames)} f`;
  return `${formatCount(frames)} f · ${formatShortSeconds(frames / fps)}`;
}

/** Compact seconds for lists: "20.8 s", "3 min 12 s". */
export function formatShortSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Thousands separated with a thin space, which never wraps and never reads as a decimal mark. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Whole percent of a job, clamped: a backend that overshoots its total must not draw past the bar. */
export function percent(done: number, total: number): number | null {
  if (!(total > 0) || !Number.isFinite(done)) return null;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** A signal value for legends: fixed width, at most four decimals, no "-0.0000". */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  const text = abs !== 0 && (abs >= 1e5 || abs < 1e-3) ? v.toExponential(2) : v.toFixed(abs >= 100 ? 1 : 3);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
