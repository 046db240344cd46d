// Chart layouts are pure: frame data in, marks out. These specify what each chart must show.

import { describe, expect, it } from 'vitest';
import { BINS, BIN_EDGES, binOf, histogramQuantile } from '../../src/workers/run-stats.ts';
import type { Histograms, LaneState, SeriesTail } from '../../src/workers/protocol.ts';
import { cdfLayout, cdfPoints } from './cdf-layout.ts';
import { coarsen, percentileLayout, waitHistogramLayout } from './bars-layout.ts';
import { memoryLayout } from './memory-layout.ts';
import { attainment, timelineLayout } from './timeline-layout.ts';
import { axisTicks } from './axes.ts';
import { scaleLog } from 'd3-scale';
import { BarBatch, hitTest, visitBars, type GanttGeometry } from './gantt-layout.ts';
import fc from 'fast-check';
import { SpanRing } from '../state/span-ring.ts';
import { sceneToSvg } from './render-svg.ts';
import { textWidth, type Mark, type Scene } from './scene.ts';
import { simMs } from '../../src/engine/units.ts';

/** Horizontal extent of an unrotated text mark, by the layouts' own width estimate. */
function textSpan(m: Extract<Mark, { type: 'text' }>): [number, number] {
  const w = textWidth(m.text, m.size);
  if (m.anchor === 'start') return [m.x, m.x + w];
  if (m.anchor === 'end') return [m.x - w, m.x];
  return [m.x - w / 2, m.x + w / 2];
}

/** Every unrotated label lies within the scene's width. */
function expectLabelsInside(scene: Scene): void {
  for (const m of scene.marks) {
    if (m.type !== 'text' || m.rotate) continue;
    const [x0, x1] = textSpan(m);
    expect(x0, m.text).toBeGreaterThanOrEqual(0);
    expect(x1, m.text).toBeLessThanOrEqual(scene.width);
  }
}

function histograms(latencies: [number[], number[]]): Histograms {
  const latency = new Float64Array(2 * BINS);
  const wait = new Float64Array(2 * BINS);
  latencies.forEach((ls, cls) => {
    for (const l of ls) {
      latency[cls * BINS + binOf(l)]!++;
      wait[cls * BINS + binOf(l / 2)]!++;
    }
  });
  return { bins: BINS, edges: BIN_EDGES.slice(), latency, wait };
}

const texts = (marks: Mark[]): string[] =>
  marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));

describe('cdf layout', () => {
  it('rises monotonically from 0 to 1 for each class', () => {
    const h = histograms([
      [1, 2, 3, 50, 80],
      [10, 20, 900],
    ]);
    for (const cls of [0, 1]) {
      const { y } = cdfPoints(h, cls);
      expect(y[0]).toBe(0);
      expect(y[y.length - 1]).toBe(1);
      for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
    }
  });

  it('marks both SLOs and draws one curve per class with data', () => {
    const scene = cdfLayout(
      { histograms: histograms([[5, 6], []]), sloMs: [100, 1000] },
      600,
      240,
      true,
    );
    const labels = texts(scene.marks);
    expect(labels.some((t) => t.includes('SLO interactive 100 ms'))).toBe(true);
    expect(labels.some((t) => t.includes('SLO batch'))).toBe(true);
    const curves = scene.marks.filter((m) => m.type === 'line' && m.width === 2);
    expect(curves).toHaveLength(1);
  });

  it('keeps every mark inside the chart box', () => {
    const scene = cdfLayout(
      { histograms: histograms([[0.5, 40, 7000], [3]]), sloMs: [100, 1000] },
      500,
      200,
      false,
    );
    for (const m of scene.marks) {
      if (m.type !== 'line') continue;
      for (let i = 0; i < m.points.length; i += 2) {
        expect(m.points[i]!).toBeGreaterThanOrEqual(0);
        expect(m.points[i]!).toBeLessThanOrEqual(500);
      }
    }
  });
});

describe('labels fit their chart', () => {
  it('the CDF ends its last latency tick label at the right edge, not beyond', () => {
    for (const log of [true, false]) {
      const scene = cdfLayout(
        {
          histograms: histograms([
            [5, 60],
            [20, 900],
          ]),
          sloMs: [100, 1000],
        },
        520,
        240,
        log,
      );
      expectLabelsInside(scene);
    }
  });

  it('the CDF writes each SLO label along its own line, so the two never share a row', () => {
    const scene = cdfLayout(
      { histograms: histograms([[5, 60], []]), sloMs: [100, 1000] },
      520,
      240,
      true,
    );
    const slo = scene.marks.flatMap((m) =>
      m.type === 'text' && m.text.startsWith('SLO') ? [m] : [],
    );
    expect(slo).toHaveLength(2);
    for (const m of slo) expect(m.rotate).toBe(-90);
    expect(slo[0]!.x).not.toBeCloseTo(slo[1]!.x, 0);
  });

  it('memory figures stay whole at any width, with many lanes in columns', () => {
    const lanes: LaneState[] = Array.from({ length: 40 }, (_, i) => ({
      name: `gpu${i}`,
      kind: 'gpu',
      up: true,
      concurrency: 1,
      running: 0,
      peakRunning: 1,
      utilisation: 0.5,
      memUsed: 10_240,
      memPeak: 81_920,
      memCapacity: 81_920,
      memUnit: 'MiB',
    }));
    for (const width of [420, 700, 1150]) {
      const scene = memoryLayout(lanes, width);
      expectLabelsInside(scene);
      expect(texts(scene.marks)).toContain('10,240 / 81,920 MiB (13 %), peak 81,920');
    }
    expect(memoryLayout(lanes, 1150).height).toBeLessThan(memoryLayout(lanes, 420).height / 2);
  });

  it('memory lane labels end before their gauge, however long the name', () => {
    const lane: LaneState = {
      name: 'gpu12-backup',
      kind: 'gpu',
      role: 'backup',
      up: false,
      concurrency: 1,
      running: 0,
      peakRunning: 0,
      utilisation: 0,
      memUsed: 0,
      memPeak: 0,
      memCapacity: 8192,
      memUnit: 'MiB',
    };
    const scene = memoryLayout([lane], 500);
    const label = scene.marks.find((m) => m.type === 'text' && m.text === 'gpu12-backup (down)');
    const gauge = scene.marks.find((m) => m.type === 'rect');
    expect(label?.type === 'text' && gauge?.type === 'rect').toBe(true);
    if (label?.type !== 'text' || gauge?.type !== 'rect') return;
    expect(textSpan(label)[1]).toBeLessThanOrEqual(gauge.x);
  });

  it('the timeline shows no fractional queue or rate ticks', () => {
    const scene = timelineLayout(
      {
        series: {
          firstSecond: 0,
          arrived: new Float64Array(20).fill(1),
          completed: new Float64Array(20).fill(1),
          good: new Float64Array(20).fill(1),
          violated: new Float64Array(20),
          queue: new Float64Array(20),
        },
        marks: [],
        time: 20_000,
      },
      560,
      300,
    );
    const yLabels = scene.marks.filter(
      (m) => m.type === 'text' && m.anchor === 'end' && m.x === 56,
    );
    const values = yLabels.map((m) => (m.type === 'text' ? m.text : ''));
    expect(values.length).toBeGreaterThan(4);
    expect(values.some((v) => v.includes('.'))).toBe(false);
    expectLabelsInside(scene);
  });
});

describe('log axis ticks', () => {
  it('thin to powers of ten so labels do not overlap', () => {
    const ticks = axisTicks(scaleLog().domain([0.01, 10_000]), 6, true);
    expect(ticks).toEqual([0.01, 0.1, 1, 10, 100, 1000, 10_000]);
  });
});

describe('histogram quantiles', () => {
  it('are within a bin (7.5 %) of the exact quantile', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 + i * 0.37);
    const h = histograms([values, []]);
    const exact = values[989]!;
    const q = histogramQuantile(h.latency, 0, 0.99);
    expect(Math.abs(q - exact) / exact).toBeLessThan(0.075);
  });
});

describe('percentile and wait layouts', () => {
  it('draw six bars labelled with their values', () => {
    const p = { p50: 10, p95: 40, p99: 90 };
    const scene = percentileLayout([p, { p50: 20, p95: 200, p99: 400 }], [100, 1000], 500, 220);
    const bars = scene.marks.filter((m) => m.type === 'rect' && m.h > 0 && m.w < 100);
    expect(bars.length).toBeGreaterThanOrEqual(6);
    expect(texts(scene.marks)).toContain('400 ms');
  });

  it('coarsening keeps every count', () => {
    const h = histograms([[1, 2, 3, 400], [5]]);
    const { counts } = coarsen(h, 'latency', 8);
    expect(counts[0].reduce((a, b) => a + b, 0)).toBe(4);
    expect(counts[1].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('says so when there is nothing to show', () => {
    const scene = waitHistogramLayout(histograms([[], []]), 400, 200);
    expect(texts(scene.marks)).toContain('no completed jobs yet');
  });
});

describe('timeline layout', () => {
  const series = (n: number): SeriesTail => ({
    firstSecond: 0,
    arrived: new Float64Array(n).fill(100),
    completed: new Float64Array(n).fill(90),
    good: new Float64Array(n).fill(80),
    violated: new Float64Array(n).fill(10),
    queue: new Float64Array(n).fill(5),
  });

  it('attainment is good over ended, and undefined with nothing ended', () => {
    expect(attainment(80, 90, 20)).toBeCloseTo(0.8);
    expect(attainment(0, 0, 0)).toBeNull();
  });

  it('labels each control change', () => {
    const scene = timelineLayout(
      { series: series(30), marks: [{ t: simMs(12_000), label: 'edf' }], time: 30_000 },
      800,
      300,
    );
    expect(texts(scene.marks)).toContain('edf');
  });
});

describe('memory gauges', () => {
  const lane = (over: Partial<LaneState>): LaneState => ({
    name: 'gpu0',
    kind: 'gpu',
    up: true,
    concurrency: 1,
    running: 0,
    peakRunning: 1,
    utilisation: 0.5,
    memUsed: 512,
    memPeak: 900,
    memCapacity: 1024,
    memUnit: 'MiB',
    ...over,
  });

  it('shows used, capacity and peak per lane', () => {
    const scene = memoryLayout([lane({}), lane({ name: 'cpu0', up: false })], 600);
    const labels = texts(scene.marks);
    expect(labels).toContain('512 / 1,024 MiB (50 %), peak 900');
    expect(labels).toContain('cpu0 (down)');
  });

  it('falls back to slots without a memory model', () => {
    const scene = memoryLayout([lane({ memCapacity: null, running: 1, concurrency: 2 })], 600);
    expect(texts(scene.marks)).toContain('1 / 2 slots, peak 1');
  });
});

describe('gantt bar batches', () => {
  /** Pixel columns covered, per lane and colour, as a set of "lane:colour:x" keys. */
  function columns(rects: { lane: number; colour: number; x0: number; x1: number }[]): Set<string> {
    const out = new Set<string>();
    for (const r of rects) for (let x = r.x0; x < r.x1; x++) out.add(`${r.lane}:${r.colour}:${x}`);
    return out;
  }

  it('cover exactly the whole-pixel columns of the visible bars, in fewer rects', () => {
    const span = fc.record({
      lane: fc.integer({ min: 0, max: 3 }),
      start: fc.double({ min: 0, max: 2000, noNaN: true }),
      dur: fc.double({ min: 0, max: 40, noNaN: true }),
      model: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 300 }), (spans) => {
        spans.sort((a, b) => a.start + a.dur - (b.start + b.dur));
        const n = spans.length;
        const r = new SpanRing(512);
        r.push({
          count: n,
          lane: Uint16Array.from(spans, (s) => s.lane),
          start: Float64Array.from(spans, (s) => s.start),
          end: Float64Array.from(spans, (s) => s.start + s.dur),
          jobId: Float64Array.from(spans, (_, i) => i),
          cls: new Uint8Array(n),
          model: Uint8Array.from(spans, (s) => s.model),
          batchSize: new Uint16Array(n).fill(1),
          failed: new Uint8Array(n),
          skipped: 0,
        });
        const geo: GanttGeometry = {
          scale: { startMs: 500, endMs: 1500, left: 100, right: 700 },
          top: 2,
          rowHeight: 13,
          lanes: 4,
        };
        // The oracle: every visible bar snapped on its own.
        const bars: { lane: number; colour: number; x0: number; x1: number }[] = [];
        visitBars(r, geo, 'model', (x, _y, w, _h, colour, _f, i) => {
          const x0 = Math.floor(x);
          bars.push({ lane: r.lane[i]!, colour, x0, x1: Math.max(x0 + 1, Math.round(x + w)) });
        });
        const b = new BarBatch().build(r, geo, 'model', 3);
        const rects: { lane: number; colour: number; x0: number; x1: number }[] = [];
        for (let c = 0; c < 3; c++) {
          const buf = b.rects[c]!;
          for (let k = 0; k < b.counts[c]!; k++) {
            const [x, y, w] = [buf[4 * k]!, buf[4 * k + 1]!, buf[4 * k + 2]!];
            expect(Number.isInteger(x) && Number.isInteger(y) && Number.isInteger(w)).toBe(true);
            rects.push({
              lane: Math.floor((y - geo.top) / geo.rowHeight),
              colour: c,
              x0: x,
              x1: x + w,
            });
          }
        }
        expect(columns(rects)).toEqual(columns(bars));
        expect(b.drawn).toBeLessThanOrEqual(bars.length);
        expect(b.visited).toBe(bars.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('gantt layout', () => {
  function ring(): SpanRing {
    const r = new SpanRing(8);
    const n = 10;
    r.push({
      count: n,
      lane: Uint16Array.from({ length: n }, (_, i) => i % 2),
      start: Float64Array.from({ length: n }, (_, i) => i * 100),
      end: Float64Array.from({ length: n }, (_, i) => i * 100 + 80),
      jobId: Float64Array.from({ length: n }, (_, i) => i),
      cls: new Uint8Array(n),
      model: new Uint8Array(n),
      batchSize: new Uint16Array(n).fill(1),
      failed: Uint8Array.from({ length: n }, (_, i) => (i === 9 ? 1 : 0)),
      skipped: 0,
    });
    return r;
  }
  const g: GanttGeometry = {
    scale: { startMs: 500, endMs: 1000, left: 100, right: 600 },
    top: 0,
    rowHeight: 20,
    lanes: 2,
  };

  it('keeps the newest spans when the ring wraps, and visits only visible ones', () => {
    const r = ring();
    expect(r.size).toBe(8);
    const seen: number[] = [];
    visitBars(r, g, 'model', (_x, _y, _w, _h, _c, _f, i) => seen.push(r.jobId[i]!));
    expect(seen.sort()).toEqual([5, 6, 7, 8, 9]);
  });

  it('maps time to pixels through the time scale and flags failed runs', () => {
    const r = ring();
    const bars: { x: number; w: number; failed: boolean; id: number }[] = [];
    visitBars(r, g, 'class', (x, _y, w, _h, _c, failed, i) =>
      bars.push({ x, w, failed, id: r.jobId[i]! }),
    );
    const b9 = bars.find((b) => b.id === 9)!;
    expect(b9.x).toBeCloseTo(100 + (400 / 500) * 500);
    expect(b9.w).toBeCloseTo(80);
    expect(b9.failed).toBe(true);
  });

  it('hit-tests the bar under the pointer', () => {
    const r = ring();
    const x = 100 + ((740 - 500) / 500) * 500;
    expect(r.jobId[hitTest(r, g, x, 25)]).toBe(7);
    expect(hitTest(r, g, x, 5)).toBe(-1);
  });
});

describe('svg export', () => {
  it('writes the scene as a standalone, escaped SVG document', () => {
    const svg = sceneToSvg(
      {
        width: 10,
        height: 10,
        marks: [
          {
            type: 'text',
            x: 1,
            y: 1,
            text: 'a<b',
            fill: '#000',
            size: 10,
            anchor: 'start',
            baseline: 'top',
          },
        ],
      },
      'T & U',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('<title>T &amp; U</title>');
  });

  it('draws hatched rects (a down lane) with one stripe pattern per colour', () => {
    const rect = (y: number): Mark => ({
      type: 'rect',
      x: 0,
      y,
      w: 10,
      h: 5,
      fill: '#fff',
      hatch: '#f00',
    });
    const svg = sceneToSvg({ width: 10, height: 10, marks: [rect(0), rect(5)] }, 'h');
    expect(svg.match(/<pattern /g)).toHaveLength(1);
    expect(svg.match(/fill="url\(#hatch-0\)"/g)).toHaveLength(2);
  });
});
