// Number formatting shared by the live figures, tooltips and chart axes.

/**
 * A whole number with thousands separators: "1,234,567". Written out because
 * `toLocaleString('en-US')` costs ~25 µs a call in Chromium, and the charts format hundreds of
 * numbers a second at 5,000 jobs/s.
 */
export function formatCount(n: number): string {
  const v = Math.round(n);
  if (!Number.isFinite(v)) return String(v);
  const digits = String(Math.abs(v));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : `${part},${out}`;
  }
  return v < 0 ? `-${out}` : out;
}

export function formatRate(perS: number): string {
  if (perS >= 1000) return `${(perS / 1000).toFixed(perS >= 10_000 ? 0 : 1)}k`;
  return perS >= 100 ? perS.toFixed(0) : perS.toFixed(1);
}

/** What a figure with nothing behind it reads as (no completed job: no latency, never "0 ms"). */
export const NO_DATA = '—';

/** Milliseconds with three significant digits; seconds from 10 s on; NO_DATA for NaN (no job). */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms) || ms < 0) return NO_DATA;
  if (ms === 0) return '0 ms';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}

/** Simulated clock as m:ss.s */
export function formatClock(ms: number): string {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${m}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** Up to three significant digits, trailing zeros dropped: 1, 2.5, 100, 0.25. */
function short(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** Axis tick label for a duration: "10 µs", "1 ms", "250 ms", "1 s"; no padded zeros. */
export function formatMsTick(ms: number): string {
  if (!(ms > 0)) return '0';
  if (ms >= 1000) return `${short(ms / 1000)} s`;
  if (ms >= 1) return `${short(ms)} ms`;
  return `${short(ms * 1000)} µs`;
}

/** Axis tick label for a count or rate: "0", "250", "4k", "1.5M". */
export function formatCountTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${short(v / 1e6)}M`;
  if (a >= 1e3) return `${short(v / 1e3)}k`;
  return short(v);
}
