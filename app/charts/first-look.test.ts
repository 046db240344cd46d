// The first look's pure parts and the defects the newcomer review found in the charts: the drawn
// queue (geometry, scale, labels), its dots, timeline markers that merge instead of smearing, labels
// that never overlap (percentiles against the SLO, the paired view's log ticks, a phone's Gantt
// axis), no "0 ms" for no data, memory gauges that show something, a scheduler switch drawn before
// and since, and exported pictures that say what they show.

import { describe, expect, it } from 'vitest';
import { BINS, BIN_EDGES, binOf } from '../../src/workers/run-stats.ts';
import type {
  ClassPercentiles,
  Histograms,
  LaneState,
  SwitchView,
} from '../../src/workers/protocol.ts';
import {
  bandCapacity,
  laneBoxes,
  lineSquares,
  queueGeometry,
  queueScene,
  squareUnit,
} from './queue-layout.ts';
import { FLIGHT_MS, MAX_DOTS_PER_S, QueueParticles, TURNED, dotUnit } from './queue-particles.ts';
import { groupMarkers, markerMarks } from './timeline-markers.ts';
import { timelineLayout } from './timeline-layout.ts';
import { percentileLayout } from './bars-layout.ts';
import { pairedLayout } from './paired-layout.ts';
import { timeAxisMarks } from './gantt-chrome-layout.ts';
import { memoryLayout } from './memory-layout.ts';
import { cdfLayout } from './cdf-layout.ts';
import { overlappingLabels, textBox } from './text-boxes.ts';
import { textWidth, type Mark, type Scene } from './scene.ts';
import { captionLines, withCaption } from '../export/caption.ts';
import { viewEnd } from '../components/gantt-view.ts';
import { simMs } from '../../src/engine/units.ts';

const texts = (marks: readonly Mark[]): string[] =>
  marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));

/** Every label's box lies inside the scene. */
function expectInside(scene: Scene): void {
  for (const m of scene.marks) {
    if (m.type !== 'text') continue;
    const b = textBox(m);
    expect(b.x0, m.text).toBeGreaterThanOrEqual(-0.5);
    expect(b.x1, m.text).toBeLessThanOrEqual(scene.width + 0.5);
  }
}

function lane(over: Partial<LaneState> = {}): LaneState {
  return {
    name: 'cpu0',
    kind: 'cpu',
    up: true,
    concurrency: 1,
    running: 1,
    peakRunning: 1,
    utilisation: 0.5,
    memUsed: 40,
    memPeak: 160,
    memCapacity: 8192,
    memUnit: 'MiB',
    ...over,
  };
}

describe('the drawn queue', () => {
  const lanes = [lane({ name: 'gpu0', kind: 'gpu' }), lane(), lane({ name: 'cpu1', running: 0 })];
  const input = (queued: [number, number], turnedAway = 0) => ({
    queued,
    capacity: 20_000,
    lanes,
    turnedAway,
    arrivalRate: 1000,
    servedRate: 310,
  });

  it('draws one square per job while the line fits, then 2, 5, 10... jobs a square, and says so', () => {
    const g = queueGeometry(1000, 230);
    const fit = bandCapacity(g);
    expect(squareUnit(12, fit)).toBe(1);
    expect(squareUnit(fit + 1, fit)).toBe(2);
    expect(squareUnit(20_000, fit)).toBeGreaterThan(10);
    const small = queueScene(input([7, 5]), g);
    expect(small.unit).toBe(1);
    const squares = (s: Scene, colour: string) =>
      s.marks.filter((m) => m.type === 'rect' && m.w === g.square && m.fill === colour).length;
    expect(squares(small, '#0284c7')).toBe(7);
    expect(squares(small, '#d97706')).toBe(5);
    expect(texts(small.marks)).toContain('▪ = 1 job');
    const big = queueScene(input([10_000, 9_990]), g);
    expect(Math.ceil(10_000 / big.unit)).toBeLessThanOrEqual(fit);
    expect(texts(big.marks)).toContain(`▪ = ${big.unit.toLocaleString('en-US')} jobs`);
  });

  it('keeps every square inside its band, head at the lanes', () => {
    const g = queueGeometry(400, 250);
    const n = bandCapacity(g);
    for (const band of [0, 1] as const) {
      const sq = lineSquares(g, band, n);
      const b = g.bands[band];
      for (let i = 0; i < n; i++) {
        expect(sq[2 * i]!).toBeGreaterThanOrEqual(g.lineX0);
        expect(sq[2 * i]! + g.square).toBeLessThanOrEqual(g.lineX1);
        expect(sq[2 * i + 1]!).toBeGreaterThanOrEqual(b.y);
        expect(sq[2 * i + 1]! + g.square).toBeLessThanOrEqual(b.y + b.h);
      }
    }
  });

  it('says the line is full and how many were turned away, in labels that fit, at any width', () => {
    for (const width of [360, 620, 1100]) {
      const scene = queueScene(input([10_000, 10_000], 4_567), queueGeometry(width, 240));
      const all = texts(scene.marks).join(' | ');
      expect(all).toContain('FULL');
      expect(all).toContain('turned away: 4,567');
      expectInside(scene);
      expect(overlappingLabels(scene.marks), `width ${width}`).toEqual([]);
    }
  });

  it('marks a failed lane down and a parked one parked, and lays 40 lanes out in columns', () => {
    const g = queueGeometry(1000, 230);
    const scene = queueScene(
      { ...input([0, 0]), lanes: [lane({ name: 'gpu0', up: false }), lane({ pool: 'parked' })] },
      g,
    );
    expect(texts(scene.marks)).toEqual(expect.arrayContaining(['gpu0 down', 'cpu0 parked']));
    const boxes = laneBoxes(g, 40);
    expect(new Set(boxes.map((b) => b.x)).size).toBeGreaterThan(1);
    for (const b of boxes) {
      expect(b.h).toBeGreaterThanOrEqual(8);
      expect(b.y + b.h).toBeLessThanOrEqual(g.lanesY1 + 0.5);
    }
  });
});

describe('the queue dots', () => {
  it('stand for more jobs as the rate rises, so no more than MAX_DOTS_PER_S start a second', () => {
    for (const perS of [10, 200, 3000, 100_000, 1e7]) {
      expect(perS / dotUnit(perS)).toBeLessThanOrEqual(MAX_DOTS_PER_S);
    }
    expect(dotUnit(20)).toBe(1);
  });

  it('carry fractions of a dot to the next frame, and send turned-away arrivals to the bin', () => {
    const g = queueGeometry(1000, 230);
    const p = new QueueParticles();
    // 60 frames of 0.5 jobs each: 30 dots, none lost to rounding.
    for (let i = 0; i < 60; i++) p.arrive(0.5, 0, 0.5, 1, g, [0, 0], i * 16);
    expect(p.count).toBe(30);
    const q = new QueueParticles();
    q.arrive(10, 10, 0.5, 1, g, [10_000, 10_000], 0, 0);
    let landed = 0;
    q.visit(FLIGHT_MS * 0.99, g, (_x, y, kind) => {
      expect(kind).toBe(TURNED);
      if (y >= g.bin.y) landed++;
    });
    expect(landed).toBe(10);
    expect(q.visit(FLIGHT_MS * 2, g, () => {})).toBe(0);
  });
});

describe('timeline markers', () => {
  const x = (ms: number) => 60 + (ms / 60_000) * 900;

  it('merge a slider drag of 30 changes into one marker that says so', () => {
    const drag = Array.from({ length: 30 }, (_, i) => ({
      t: 20_000 + i * 100,
      label: `rate ${200 + i * 30}/s`,
    }));
    const groups = groupMarkers(drag, x);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.label).toBe('rate 1070/s (30 changes)');
    expect(groups[0]!.switch).toBe(false);
  });

  it('keep labels inside the chart and apart, and make a scheduler switch stand out', () => {
    const marks = [
      { t: 1_000, label: 'rate 400/s' },
      { t: 1_500, label: 'edf' },
      { t: 58_000, label: 'interactive 80%' },
      { t: 59_500, label: 'priority_slo' },
      { t: 59_900, label: 'gpu0 down' },
    ];
    const groups = groupMarkers(marks, x);
    const scene = { width: 980, height: 300, marks: markerMarks(groups, 30, 260, 2, 980) };
    expectInside(scene);
    expect(overlappingLabels(scene.marks)).toEqual([]);
    const bold = scene.marks.filter((m) => m.type === 'text' && m.weight === 'bold');
    expect(bold.length).toBeGreaterThan(0);
  });

  it('do not smear the timeline after a burst of key presses', () => {
    const series = {
      firstSecond: 0,
      arrived: new Float64Array(60).fill(200),
      completed: new Float64Array(60).fill(200),
      good: new Float64Array(60).fill(200),
      violated: new Float64Array(60),
      queue: new Float64Array(60),
    };
    const keys = Array.from({ length: 40 }, (_, i) => ({
      t: simMs(30_000 + i * 50),
      label: `rate ${200 + i}/s`,
    }));
    const scene = timelineLayout({ series, marks: keys, time: 60_000 }, 700, 300);
    const markerLines = scene.marks.filter(
      (m) =>
        m.type === 'line' &&
        m.stroke === '#0f172a' &&
        m.points.length === 4 &&
        m.points[0] === m.points[2] &&
        m.points[1] === 30,
    );
    expect(markerLines.length).toBe(1);
    expect(overlappingLabels(scene.marks)).toEqual([]);
  });
});

describe('labels that do not collide', () => {
  const p = (p50: number, p95: number, p99: number): ClassPercentiles => ({ p50, p95, p99 });

  it('percentile bars: SLO labels beside the bars, never over a value; no bar and no "0 ms" for a class with no jobs', () => {
    // Interactive p99 right at its SLO, where the old label sat over the bar's value.
    const scene = percentileLayout([p(40, 90, 101), p(NaN, NaN, NaN)], [100, 1000], 520, 220);
    expect(overlappingLabels(scene.marks)).toEqual([]);
    expectInside(scene);
    expect(texts(scene.marks)).not.toContain('0 ms');
    expect(texts(scene.marks).filter((t) => t === 'none')).toHaveLength(3);
  });

  it('the paired view: its log axes thinned to ticks that do not overlap', () => {
    const n = 200;
    const a = Float64Array.from({ length: n }, (_, i) => 0.1 * Math.pow(1e5, i / n));
    const b = Float64Array.from(a, (v) => v * 1.7);
    const scene = pairedLayout(
      { count: n, a, b, cls: new Uint8Array(n), sloMs: [100, 1000] },
      520,
      420,
    );
    const ticks = scene.marks.filter(
      (m) => m.type === 'text' && m.anchor === 'end' && m.size === 10,
    );
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(overlappingLabels(ticks)).toEqual([]);
  });

  it("a phone's Gantt time axis: a few ticks, none run together, none before 0 s", () => {
    for (const width of [330, 600, 1100]) {
      const scale = { startMs: 0, endMs: 2000, left: 60, right: width - 8 };
      const marks = timeAxisMarks(scale, 20, 200, 500);
      expect(overlappingLabels(marks), `width ${width}`).toEqual([]);
      expect(texts(marks).every((t) => !t.startsWith('-') && !t.startsWith('−'))).toBe(true);
    }
    // Following the clock from the start: the window starts at 0, not before the run.
    expect(viewEnd({ follow: true, spanMs: 2000, endMs: 0 }, 300)).toBe(2000);
  });
});

describe('memory gauges', () => {
  it('zoom to the peak when every lane stays far below capacity, and say so', () => {
    const scene = memoryLayout([lane(), lane({ name: 'cpu1', memPeak: 120 })], 600);
    const all = texts(scene.marks);
    expect(all.some((t) => t.startsWith('Every lane uses under 25 % of its 8,192 MiB'))).toBe(true);
    // The peak tick sits well into the bar, not at its first few per cent.
    const gauge = scene.marks.find((m) => m.type === 'rect' && m.fill === '#f1f5f9')!;
    const tick = scene.marks.find((m) => m.type === 'line' && m.width === 2)!;
    expect(gauge.type === 'rect' && tick.type === 'line').toBe(true);
    if (gauge.type === 'rect' && tick.type === 'line') {
      expect((tick.points[0]! - gauge.x) / gauge.w).toBeGreaterThan(0.5);
    }
  });

  it('keep the capacity as the scale once a lane uses a fair share of it', () => {
    const scene = memoryLayout([lane({ memPeak: 4000, memUsed: 3000 })], 600);
    expect(texts(scene.marks).some((t) => t.startsWith('Every lane'))).toBe(false);
  });
});

describe('a scheduler switch in the latency charts', () => {
  const hist = (ls: number[]): Float64Array => {
    const h = new Float64Array(2 * BINS);
    for (const l of ls) h[binOf(l)]!++;
    return h;
  };
  const switched: SwitchView = {
    t: simMs(42_000),
    from: 'fifo',
    to: 'edf',
    before: hist([300, 400, 500]),
    after: hist([20, 30, 40]),
    percentiles: {
      before: [
        { p50: 400, p95: 500, p99: 500 },
        { p50: NaN, p95: NaN, p99: NaN },
      ],
      after: [
        { p50: 30, p95: 40, p99: 40 },
        { p50: NaN, p95: NaN, p99: NaN },
      ],
    },
  };
  const histograms: Histograms = {
    bins: BINS,
    edges: BIN_EDGES.slice(),
    latency: hist([20, 30, 40, 300, 400, 500]),
    wait: new Float64Array(2 * BINS),
  };

  it('the CDF draws before (dashed) and since (solid), never the two mixed', () => {
    const scene = cdfLayout({ histograms, sloMs: [100, 1000], switched }, 600, 300, true);
    const curves = scene.marks.filter((m) => m.type === 'line' && m.points.length > 8);
    expect(curves.filter((m) => m.type === 'line' && m.dash)).toHaveLength(1);
    expect(curves.filter((m) => m.type === 'line' && !m.dash)).toHaveLength(1);
    expect(texts(scene.marks)).toEqual(
      expect.arrayContaining(['before: fifo', 'since the switch: edf']),
    );
  });

  it('the percentile bars show since the switch, with before as an outline', () => {
    const scene = percentileLayout(
      [
        { p50: 200, p95: 480, p99: 500 },
        { p50: NaN, p95: NaN, p99: NaN },
      ],
      [100, 1000],
      600,
      220,
      switched,
    );
    expect(texts(scene.marks)).toContain('40.0 ms');
    expect(scene.marks.some((m) => m.type === 'rect' && m.stroke && m.fill.endsWith(', 0)'))).toBe(
      true,
    );
  });
});

describe('exported pictures', () => {
  it('carry a caption naming the chart, its window and the run behind it', () => {
    const lines = captionLines({
      title: 'Latency CDF',
      window: 'since the run began',
      scheduler: 'edf',
      rate: 305,
      gpuLanes: 1,
      cpuLanes: 2,
      seed: 7,
      time: 20_500,
      link: 'https://example.org/schedlab/?rate=305&sched=edf',
    });
    expect(lines).toEqual([
      'SchedLab · Latency CDF (since the run began) · at 0:20.5 simulated',
      'scheduler edf · 305 jobs/s · 1 GPU + 2 CPU lanes · seed 7',
      'https://example.org/schedlab/?rate=305&sched=edf',
    ]);
    const scene = withCaption({ width: 400, height: 100, marks: [] }, lines);
    expect(scene.height).toBeGreaterThan(100 + 3 * 12);
    expect(texts(scene.marks)).toEqual(lines);
    expect(textWidth(lines[1]!, 10)).toBeLessThan(400);
  });
});
