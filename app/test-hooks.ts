// window.__schedlab: the idle/ready signal browser tests and the benchmark wait on, plus a few
// read-only probes. Nothing in the app reads it.

import { frameStore } from './state/frame-store.ts';
import { appStore } from './state/app-store.ts';
import { raf, type RafStats } from './raf-scheduler.ts';
import { engineClient } from './engine-client.ts';
import type { Ledger } from '../src/engine/engine.ts';
import type { Remote } from 'comlink';
import type {
  EngineApi,
  LaneState,
  LiveOptions,
  LiveStatus,
  SideFrame,
  SimCheckResult,
} from '../src/workers/protocol.ts';
import { simCheckStore } from './state/sim-check-store.ts';
import { liveOptions } from './config/live-preset.ts';
import { ganttStats, type GanttStats } from './components/gantt-chart.tsx';
import type * as LaneClientModule from '../src/workers/lanes/lane-client.ts';
import type * as DecoderClientModule from '../src/workers/lanes/decoder-client.ts';
import type * as CalibrateModule from '../src/profiler/calibrate.ts';
import type { ProfileService } from '../src/profiler/profile-table.ts';
import { applyCalibration } from './state/calibration.ts';
import { getLastExport, type ExportRecord } from './state/import-export.ts';
import { verdictStore } from './state/verdict.ts';
import { isolation, type Isolation } from './isolation.ts';
import { verdictSummary } from '../src/engine/compare-seeds.ts';
import type { SpanRing } from './state/span-ring.ts';
import { queueViewStats, type QueueViewStats } from './components/queue-view.tsx';
import { lastScenes } from './components/chart-scenes.ts';

function sideSnapshot(f: SideFrame, ring: SpanRing | null): SideSnapshot {
  return {
    time: f.time,
    scheduler: f.scheduler,
    rate: f.rate,
    ledger: f.ledger,
    events: f.events,
    p99: [f.percentiles[0].p99, f.percentiles[1].p99],
    spansInRing: ring?.size ?? 0,
    lanesDown: f.lanes.filter((l) => !l.up).map((l) => l.name),
  };
}

export interface SchedlabProbe {
  /** The worker is up and has posted a frame of the current run. */
  ready: boolean;
  /** Frames received since load. */
  frames(): number;
  /** The latest frame's headline figures. */
  snapshot(): {
    runId: number;
    time: number;
    ledger: Ledger;
    throughput: number;
    p99: [number, number];
    recentP99: [number, number];
    recentViolationRate: [number, number];
    scheduler: string;
    rate: number;
    playing: boolean;
    spansInRing: number;
  } | null;
  /** Worker-to-page messages per second over the last second. */
  messagesPerSecond(): Promise<number>;
  rafFrames(): number;
  /** Work done in the last animation frame and the most in any, ms. */
  rafStats(): RafStats;
  /** Live mode: the lane workers' state in the latest frame (null in simulation). */
  live(): LiveStatus | null;
  /** Live mode: the latest "Check the simulation" result shown (null before one, or once a new
   * run starts), with both CDF curves per class. */
  simCheck(): SimCheckResult | null;
  /** The engine worker's control API (tests start live runs and inject lane faults with it). */
  engine(): Promise<Remote<EngineApi>>;
  /** The lane options live mode starts with, from the page's controls (WASM threads). */
  liveOptions(): LiveOptions;
  /** Lane workers driven from the page (inference proof tests, calibration). */
  lanes(): Promise<typeof LaneClientModule>;
  /** Decoder lane workers driven from the page (decoder tests and benchmarks). */
  decoders(): Promise<typeof DecoderClientModule>;
  /** The Calibrate action's module (profiles per model x provider x batch size). */
  calibrator(): Promise<typeof CalibrateModule>;
  /** Calibrate's "Use in simulation" with this service block (profile and cold starts). */
  applyCalibration(service: ProfileService): Promise<boolean>;
  /** The last export's row count and ledger. */
  lastExport(): ExportRecord | null;
  /** Each lane's state in the latest frame (name, up, role, running...). */
  laneStates(): LaneState[];
  /** Spans of the current run in the Gantt ring on `lane` that started at or after `sinceMs`
   * (simulated), served to the end (`ok`) or cut short by a lane failure (`failed`). */
  spansOnLane(lane: number, sinceMs: number): { ok: number; failed: number };
  /** What the Gantt chart's last paint drew. */
  gantt(): GanttStats;
  /** What the drawn queue's last paint drew. */
  queueView(): QueueViewStats;
  /** The text of the labels a chart's last paint drew (by chart id: 'queue', 'cdf', 'timeline',
   * 'percentiles', 'gantt' (its frame: axis and lane rows) ...) with each label's box estimate, and the scene's width; null before one. */
  chartText(id: string): {
    width: number;
    height: number;
    labels: {
      text: string;
      x: number;
      y: number;
      size: number;
      anchor: 'start' | 'middle' | 'end';
      baseline: 'top' | 'middle' | 'bottom';
      rotate: number;
      bold: boolean;
    }[];
    lines: number;
  } | null;
  /** Compare mode: both sides' headline figures in the latest frame, the paired sample's size and
   * the verdict's state (null outside compare mode). */
  compare(): {
    a: SideSnapshot;
    b: SideSnapshot;
    pairs: number;
    verdict: { status: string; done: number; headline: string | null };
  } | null;
  /** Lessons: which of the targets a step can point at are on the page now (loads the lessons
   * chunk), and the player's state: lesson, step (0-based), phase and the figures recorded. */
  lessonTargets(): Promise<Record<string, boolean>>;
  lesson(): Promise<{
    id: string | undefined;
    step: number;
    phase: string;
    figures: Record<string, number>;
  }>;
  /** How the page is cross-origin isolated (host headers, the service worker, or not, and why). */
  isolation(): Isolation;
  /** performance.now() at the end of the first animation frame that drew the charts with engine
   * data (null before): time to first chart frame, for `npm run bench:load`. */
  firstChartFrameAt: number | null;
}

/** One side's figures in the latest frame. */
export interface SideSnapshot {
  time: number;
  scheduler: string;
  rate: number;
  ledger: Ledger;
  events: number;
  p99: [number, number];
  spansInRing: number;
  lanesDown: string[];
}

declare global {
  interface Window {
    __schedlab?: SchedlabProbe;
  }
}

export function installProbe(): void {
  const probe: SchedlabProbe = {
    ready: false,
    frames: () => frameStore.getState().frames,
    snapshot: () => {
      const f = frameStore.getState().frame;
      if (!f) return null;
      return {
        runId: f.runId,
        time: f.time,
        ledger: f.ledger,
        throughput: f.throughput,
        p99: [f.percentiles[0].p99, f.percentiles[1].p99],
        recentP99: [f.recent[0].p99, f.recent[1].p99],
        recentViolationRate: f.recentViolationRate,
        scheduler: f.scheduler,
        rate: f.rate,
        playing: f.playing,
        spansInRing: frameStore.getState().spans.size,
      };
    },
    messagesPerSecond: async () => (await engineClient()).messagesPerSecond(),
    rafFrames: () => raf.stats.frames,
    rafStats: () => ({ ...raf.stats }),
    live: () => frameStore.getState().frame?.live ?? null,
    simCheck: () => simCheckStore.getState().result ?? null,
    engine: async () => (await engineClient()).api,
    liveOptions: () => liveOptions(appStore.getState().liveThreads),
    lanes: () => import('../src/workers/lanes/lane-client.ts'),
    decoders: () => import('../src/workers/lanes/decoder-client.ts'),
    calibrator: () => import('../src/profiler/calibrate.ts'),
    applyCalibration,
    lastExport: getLastExport,
    laneStates: () => frameStore.getState().frame?.lanes ?? [],
    spansOnLane: (lane, sinceMs) => {
      const r = frameStore.getState().spans;
      const out = { ok: 0, failed: 0 };
      for (let n = 0; n < r.size; n++) {
        const i = r.indexFromNewest(n);
        if (r.lane[i] !== lane || r.start[i]! < sinceMs) continue;
        if (r.failed[i] === 1) out.failed++;
        else out.ok++;
      }
      return out;
    },
    gantt: () => ({ ...ganttStats, downLanes: [...ganttStats.downLanes] }),
    queueView: () => ({ ...queueViewStats, queued: [...queueViewStats.queued] }),
    chartText: (id) => {
      const scene = lastScenes.get(id);
      if (!scene) return null;
      const labels = [];
      let lines = 0;
      for (const m of scene.marks) {
        if (m.type === 'line') lines++;
        if (m.type !== 'text') continue;
        labels.push({
          text: m.text,
          x: m.x,
          y: m.y,
          size: m.size,
          anchor: m.anchor,
          baseline: m.baseline,
          rotate: m.rotate ?? 0,
          bold: m.weight === 'bold',
        });
      }
      return { width: scene.width, height: scene.height, labels, lines };
    },
    compare: () => {
      const state = frameStore.getState();
      const f = state.frame;
      if (!f?.compare) return null;
      const v = verdictStore.getState();

      return {
        a: sideSnapshot(f, state.spans),
        b: sideSnapshot(f.compare.b, state.spansB),
        pairs: state.pairs.total,
        verdict: {
          status: v.status,
          done: v.done,
          headline: v.status === 'ready' ? verdictSummary(v.metrics, v.seeds.length) : null,
        },
      };
    },
    lessonTargets: async () => {
      const [{ TARGETS }, { findTarget }] = await Promise.all([
        import('./lessons/targets.ts'),
        import('./lessons/highlight.ts'),
      ]);
      return Object.fromEntries(TARGETS.map((t) => [t, findTarget(t) !== null]));
    },
    lesson: async () => {
      const { playerStore } = await import('./lessons/lesson-runner.ts');
      const p = playerStore.getState();
      return { id: p.lesson?.id, step: p.index, phase: p.phase, figures: { ...p.figures } };
    },
    isolation,
    firstChartFrameAt: null,
  };
  window.__schedlab = probe;
  appStore.subscribe((s) => {
    probe.ready = s.ready;
    document.documentElement.dataset['ready'] = s.ready ? 'true' : 'false';
  });
  const firstFrame = frameStore.subscribe((s) => {
    if (s.frame === null) return;
    firstFrame();
    // Registered after the charts' layers, so it runs last in the frame that draws them.
    const layer = raf.register('draw', () => {
      probe.firstChartFrameAt = performance.now();
      layer.dispose();
    });
  });
  frameStore.subscribe((s) => {
    if (s.frame !== null && !appStore.getState().ready) appStore.setState({ ready: true });
  });
}
