// The x axis's tick labels never run together, at a laptop's width or a phone's: a log axis over
// less than three decades lists 1-2-5 ticks, whose labels met on a phone's "Check the simulation"
// chart (issue 20, found by its browser test at 390x844).

import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import { xAxis } from './axes.ts';
import { simCheckLayout } from './sim-check-layout.ts';
import { overlappingLabels } from './text-boxes.ts';
import { formatMsTick } from '../format.ts';
import type { CheckClassResult } from '../../src/workers/protocol.ts';

const texts = (marks: ReturnType<typeof xAxis>): string[] =>
  marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));

describe('x axis', () => {
  it('keeps the 1-2-5 labels of a log axis where they fit, and thins them where they would meet', () => {
    const plotOf = (w: number) => ({ left: 56, right: w - 12, top: 24, bottom: 200 });
    const ticksAt = (w: number) => {
      const plot = plotOf(w);
      const x = scaleLog().domain([20, 6000]).range([plot.left, plot.right]);
      return xAxis(plot, x, 6, 'latency (log scale)', formatMsTick, true);
    };
    const wide = ticksAt(1100);
    expect(texts(wide)).toEqual(expect.arrayContaining(['50 ms', '100 ms', '200 ms', '500 ms']));
    expect(overlappingLabels(wide)).toEqual([]);
    const narrow = ticksAt(330);
    expect(overlappingLabels(narrow)).toEqual([]);
    // Still an axis a reader can use: two labels at least.
    expect(
      texts(narrow).filter((t) => /ms|s$/.test(t) && t !== 'latency (log scale)').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('halves a linear axis whose labels would meet', () => {
    const plot = { left: 40, right: 140, top: 0, bottom: 100 };
    const x = scaleLinear().domain([0, 100_000]).range([plot.left, plot.right]);
    const marks = xAxis(plot, x, 8, 'jobs', (v) => `${v.toLocaleString('en')} jobs`);
    expect(overlappingLabels(marks)).toEqual([]);
    expect(texts(marks).length).toBeGreaterThanOrEqual(3);
  });
});

describe('Check the simulation chart', () => {
  it('writes its latency ticks apart at a phone’s width', () => {
    const curve = (lo: number, hi: number): number[] =>
      Array.from({ length: 40 }, (_, i) => lo * Math.pow(hi / lo, i / 39));
    const cls = (c: 'interactive' | 'batch', lo: number, hi: number): CheckClassResult => ({
      cls: c,
      count: 40,
      measuredCurve: curve(lo, hi),
      predictedCurve: curve(lo * 0.8, hi * 0.7),
      rows: [],
    });
    const classes = [cls('interactive', 25, 3000), cls('batch', 60, 5500)];
    for (const width of [1100, 600, 330]) {
      const scene = simCheckLayout({ classes, table: false }, width, 300);
      expect(overlappingLabels(scene.marks), `at ${width} px`).toEqual([]);
    }
  });
});
