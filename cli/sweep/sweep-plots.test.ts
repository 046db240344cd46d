import { describe, expect, it } from 'vitest';
import { bandChartSvg, downsample, extent, type BandPoint } from './sweep-plots.ts';

describe('sweep plots', () => {
  it('draws a line and a band per series, with user labels escaped', () => {
    const svg = bandChartSvg('p99 vs rate', 'rate', 'p99 (ms)', [
      {
        label: 'fifo <b>&"',
        points: [1, 2, 3].map((x) => ({ x, mean: x, lo: x - 0.5, hi: x + 0.5 })),
      },
      { label: 'edf', points: [1, 2, 3].map((x) => ({ x, mean: 2 * x, lo: NaN, hi: NaN })) },
    ]);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('fifo &lt;b&gt;&amp;&quot;');
    expect(svg.match(/fill-opacity="0.15"/g)).toHaveLength(1); // edf has one seed: no band
    expect(svg.match(/stroke-width="2"/g)).toHaveLength(2);
  });

  it('survives a day of points: no argument-count limits, a small file, every peak kept', () => {
    const n = 86_400 * 3;
    const points: BandPoint[] = Array.from({ length: n }, (_, i) => ({
      x: i,
      mean: i === 123_456 ? 1e6 : Math.sin(i / 1000),
      lo: -2,
      hi: 2,
    }));
    expect(extent(points.map((p) => p.mean))![1]).toBe(1e6);
    const svg = bandChartSvg('long', 'x', 'y', [{ label: 'a', points }]);
    expect(svg.length).toBeLessThan(150_000);
    const kept = downsample(points, 456, (x) => (x / n) * 456);
    expect(kept.length).toBeLessThanOrEqual(2 * 456);
    expect(kept.some((p) => p.mean === 1e6)).toBe(true);
  });
});
