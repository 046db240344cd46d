// Compare mode's layouts: both sides on identical scales, in fixed colours, and the differences and
// pairs computed the way a reader would; the Gantt chart's frame, whose labels the painter caches.

import { describe, expect, it } from 'vitest';
import { BINS, BIN_EDGES, binOf } from '../../src/workers/run-stats.ts';
import type { Histograms, LaneState, SeriesTail, SideFrame } from '../../src/workers/protocol.ts';
import {
  labelKey,
  laneBackgroundMarks,
  laneLabelMarks,
  type GanttSection,
} from './gantt-chrome-layout.ts';
import { diffRows, frameMetrics } from './compare-figures.ts';
import { barShare, diffLayout, formatDelta } from './diff-layout.ts';
import { cdfDomain, compareCdfLayout } from './compare-cdf-layout.ts';
import { compareTimelineLayout, mergeMarks } from './compare-timeline-layout.ts';
import { pairedLayout, pairedTally } from './paired-layout.ts';
import { SIDE_COLOURS, textWidth, type Mark, type Scene } from './scene.ts';
import { overlappingLabels } from './text-boxes.ts';
import { simMs } from '../../src/engine/units.ts';

function histograms(latencies: [number[], number[]]): Histograms {
  const latency = new Float64Array(2 * BINS);
  latencies.forEach((ls, cls) => {
    for (const l of ls) latency[cls * BINS + binOf(l)]!++;
  });
  return { bins: BINS, edges: BIN_EDGES.slice(), latency, wait: new Float64Array(2 * BINS) };
}

function series(completed: number[], queue: number[]): SeriesTail {
  const f = (xs: number[]) => Float64Array.from(xs);
  return {
    firstSecond: 0,
    arrived: f(completed),
    completed: f(completed),
    good: f(completed.map((c) => c * 0.9)),
    violated: f(completed.map((c) => c * 0.1)),
    queue: f(queue),
  };
}

function side(over: Partial<SideFrame>): SideFrame {
  return {
    time: simMs(10_000),
    rate: 100,
    scheduler: 'fifo',
    interactiveRatio: 0.5,
    ledger: { arrived: 1000, completed: 1000, rejected: 0, dropped: 0, queued: 0, running: 0 },
    events: 2000,
    percentiles: [
      { p50: 10, p95: 40, p99: 80 },
      { p50: 20, p95: 60, p99: 120 },
    ],
    recent: [
      { p50: 10, p95: 40, p99: 80 },
      { p50: 20, p95: 60, p99: 120 },
    ],
    throughput: 100,
    recentViolationRate: [0, 0],
    outcomes: { ended: [500, 500], completed: [500, 500], good: [450, 500] },
    sloMs: [100, 1000],
    spans: {
      count: 0,
      lane: new Uint16Array(0),
      start: new Float64Array(0),
      end: new Float64Array(0),
      jobId: new Float64Array(0),
      cls: new Uint8Array(0),
      model: new Uint8Array(0),
      batchSize: new Uint16Array(0),
      failed: new Uint8Array(0),
      skipped: 0,
    },
    series: series([100, 100, 100], [1, 2, 3]),
    histograms: histograms([
      [5, 10, 80],
      [20, 120],
    ]),
    lanes: [],
    models: ['resnet18'],
    marks: [],
    ...over,
  };
}

const texts = (scene: Scene): string[] =>
  scene.marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));
const lines = (scene: Scene): Extract<Mark, { type: 'line' }>[] =>
  scene.marks.flatMap((m) => (m.type === 'line' ? [m] : []));

function expectLabelsInside(scene: Scene): void {
  for (const m of scene.marks) {
    if (m.type !== 'text' || m.rotate) continue;
    const w = textWidth(m.text, m.size);
    const x0 = m.anchor === 'start' ? m.x : m.anchor === 'end' ? m.x - w : m.x - w / 2;
    expect(x0, m.text).toBeGreaterThanOrEqual(0);
    expect(x0 + w, m.text).toBeLessThanOrEqual(scene.width + 0.5);
  }
}

describe('difference panel', () => {
  it('reads each figure from the frames, B − A, and says whether B is better', () => {
    const a = side({});
    const b = side({
      percentiles: [
        { p50: 10, p95: 20, p99: 40 },
        { p50: 20, p95: 90, p99: 240 },
      ],
      outcomes: { ended: [500, 500], completed: [500, 500], good: [500, 480] },
    });
    expect(frameMetrics(a).goodput).toBeCloseTo(95, 9);
    expect(frameMetrics(a).violation.interactive).toBeCloseTo(0.1, 12);
    const rows = diffRows(a, b);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId['interactive.p99']!.delta).toBeCloseTo(-0.5, 12);
    expect(byId['interactive.p99']!.better).toBe(true);
    expect(formatDelta(byId['interactive.p99']!)).toBe('−50 %');
    expect(byId['batch.p99']!.better).toBe(false);
    expect(byId['interactive.p50']!.better).toBeNull();
    expect(byId['violation.interactive']!.delta).toBeCloseTo(-10, 9);
    expect(formatDelta(byId['violation.interactive']!)).toBe('−10.00 pts');
    expect(barShare(byId['batch.p99']!)).toBe(1);
    const scene = diffLayout(rows, ['A', 'B'], 620);
    expect(texts(scene)).toContain('interactive p99');
    expect(scene.height).toBeGreaterThan(rows.length * 18);
    expectLabelsInside(scene);
    // Every figure apart, at a laptop's width and a phone's (at 340 px B's figures and B − A's ran
    // together: the columns sat at fixed places).
    for (const width of [620, 340]) {
      const at = diffLayout(rows, ['A', 'B'], width);
      expect(overlappingLabels(at.marks), `at ${width} px`).toEqual([]);
      expectLabelsInside(at);
    }
  });

  it('shows no bar and no verdict colour when the sides agree', () => {
    const rows = diffRows(side({}), side({}));
    for (const r of rows) {
      expect(r.better).toBeNull();
      expect(barShare(r)).toBe(0);
    }
  });
});

describe('compare CDF', () => {
  it('draws A solid and B dashed per class on one shared log axis', () => {
    const a = histograms([
      [5, 10, 80],
      [20, 120],
    ]);
    const b = histograms([
      [2, 4, 8],
      [20, 900],
    ]);
    const input = {
      histograms: [a, b] as const,
      sloMs: [100, 1000] as const,
      labels: ['A', 'B'] as const,
    };
    expect(cdfDomain(input)[0]).toBeLessThan(2.1);
    expect(cdfDomain(input)[1]).toBeGreaterThan(900);
    const scene = compareCdfLayout(input, 900, 300);
    const curves = lines(scene).filter((l) => l.width === 2 && l.points.length > 4);
    expect(curves.filter((l) => l.stroke === SIDE_COLOURS[0] && !l.dash)).toHaveLength(2);
    expect(curves.filter((l) => l.stroke === SIDE_COLOURS[1] && l.dash)).toHaveLength(2);
    expect(texts(scene).filter((t) => t.startsWith('SLO'))).toEqual(['SLO 100 ms', 'SLO 1000 ms']);
  });

  it('puts identical data on identical points', () => {
    const h = histograms([
      [5, 10, 80],
      [20, 120],
    ]);
    const scene = compareCdfLayout(
      { histograms: [h, h], sloMs: [100, 1000], labels: ['A', 'B'] },
      900,
      300,
    );
    const curves = lines(scene).filter((l) => l.width === 2 && l.points.length > 4);
    const a = curves.filter((l) => l.stroke === SIDE_COLOURS[0]).map((l) => l.points);
    const b = curves.filter((l) => l.stroke === SIDE_COLOURS[1]).map((l) => l.points);
    expect(b).toEqual(a);
  });
});

describe('compare timeline', () => {
  it('marks a shared control once and a one-sided one with its side', () => {
    const merged = mergeMarks(
      [{ t: simMs(1000), label: 'rate 300/s' }],
      [
        { t: simMs(1000), label: 'rate 300/s' },
        { t: simMs(2000), label: 'edf' },
      ],
    );
    expect(merged).toEqual([
      { t: simMs(1000), label: 'rate 300/s', side: null },
      { t: simMs(2000), label: 'edf', side: 1 },
    ]);
    const scene = compareTimelineLayout(
      {
        series: [series([100, 100, 100, 0], [1, 2, 3, 0]), series([90, 95, 99, 0], [5, 6, 7, 0])],
        marks: [
          [{ t: simMs(1000), label: 'rate 300/s' }],
          [
            { t: simMs(1000), label: 'rate 300/s' },
            { t: simMs(2000), label: 'edf' },
          ],
        ],
        labels: ['A · fifo', 'B · edf'],
      },
      700,
      300,
    );
    expect(texts(scene)).toContain('B: edf');
    expect(texts(scene).filter((t) => t === 'rate 300/s')).toHaveLength(1);
    // Three series per side, each in its side's stroke.
    expect(
      lines(scene).filter((l) => l.stroke === SIDE_COLOURS[1] && l.dash && l.width === 1.5).length,
    ).toBeGreaterThanOrEqual(3);
    expectLabelsInside(scene);
  });
});

describe('paired view', () => {
  it('puts a job B served faster below the diagonal and one B did not serve in the band', () => {
    const input = {
      count: 4,
      a: Float64Array.of(50, 20, 30, 40),
      b: Float64Array.of(10, 60, 30, -1),
      cls: Uint8Array.of(0, 1, 0, 0),
      sloMs: [100, 1000] as const,
    };
    expect(pairedTally(input)).toEqual({ n: 4, faster: 1, slower: 2, same: 1 });
    const scene = pairedLayout(input, 600, 420);
    const points = scene.marks.filter((m) => m.type === 'rect' && m.w === 3);
    expect(points).toHaveLength(4);
    const centre = (m: Mark) => (m.type === 'rect' ? [m.x + 1.5, m.y + 1.5] : [0, 0]);
    const diagonal = lines(scene).find((l) => l.stroke === '#0f172a' && l.points.length === 4)!;
    const [x0, y0, x1, y1] = diagonal.points as [number, number, number, number];
    const above = (px: number, py: number) => py < y0 + ((px - x0) * (y1 - y0)) / (x1 - x0) - 0.01;
    const [fx, fy] = centre(points[0]!) as [number, number];
    expect(above(fx, fy)).toBe(false);
    const [sx, sy] = centre(points[1]!) as [number, number];
    expect(above(sx, sy)).toBe(true);
    const [, ny] = centre(points[3]!) as [number, number];
    expect(ny).toBeLessThan(y1);
    expect(texts(scene)).toContain('B faster for 25 %');
  });

  it("keeps the band's label apart from an SLO label at the axis's end, at a laptop's and a phone's width", () => {
    // The batch SLO (1 s) sits at the x axis's end when no job took longer: its label ran up the
    // same strip as "not served by A" from the plot's foot.
    const input = {
      count: 3,
      a: Float64Array.of(5, 80, 900),
      b: Float64Array.of(4, 60, -1),
      cls: Uint8Array.of(0, 0, 1),
      sloMs: [100, 1000] as const,
    };
    for (const [w, h] of [
      [600, 420],
      [330, 300],
    ] as const) {
      const scene = pairedLayout(input, w, h);
      expect(texts(scene)).toEqual(expect.arrayContaining(['not served by A', 'SLO batch']));
      expect(overlappingLabels(scene.marks)).toEqual([]);
      expectLabelsInside(scene);
    }
  });
});

describe('Gantt chrome', () => {
  const lane = (name: string, up = true): LaneState => ({
    name,
    kind: 'cpu',
    up,
    concurrency: 1,
    running: 0,
    peakRunning: 0,
    utilisation: 0,
    memUsed: 0,
    memPeak: 0,
    memCapacity: null,
    memUnit: 'MiB',
  });
  const section = (lanes: LaneState[], time: number, top: number): GanttSection => ({
    lanes,
    outages: [{ lane: 1, start: 500, end: null }],
    time,
    g: {
      scale: { startMs: 0, endMs: 2000, left: 100, right: 700 },
      top,
      rowHeight: 12,
      lanes: lanes.length,
    },
    labelW: 100,
    title: { text: 'B · edf', colour: SIDE_COLOURS[1] },
  });

  it('names each lane under its side heading, and hatches a lane while it is down', () => {
    const s = section([lane('gpu0'), lane('cpu0', false)], 1500, 200);
    const labels = laneLabelMarks(s).flatMap((m) => (m.type === 'text' ? [m.text] : []));
    expect(labels).toEqual(['B · edf', 'gpu0', 'cpu0', 'down']);
    const hatched = laneBackgroundMarks(s).filter((m) => m.type === 'rect' && m.hatch);
    expect(hatched).toHaveLength(1);
    expect(hatched[0]).toMatchObject({ y: 212, x: 250 });
  });

  it('keys the label image by the lanes and rows, not by the clock', () => {
    const a = section([lane('gpu0'), lane('cpu0')], 1000, 200);
    expect(labelKey(section([lane('gpu0'), lane('cpu0')], 1900, 200))).toBe(labelKey(a));
    expect(labelKey(section([lane('gpu0'), lane('cpu0', false)], 1000, 200))).not.toBe(labelKey(a));
    expect(labelKey(section([lane('gpu0'), lane('cpu0')], 1000, 230))).not.toBe(labelKey(a));
  });
});
