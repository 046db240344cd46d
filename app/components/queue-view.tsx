// The drawn queue on the page (charts/queue-layout.ts, queue-particles.ts): one canvas, painted by
// one animation-frame layer. Each new engine frame adds dots for the jobs that arrived, were turned
// away or were served since the previous one; between frames (and after a pause) the dots finish
// their flight. The picture's numbers are also its accessible name, updated once a second.

import { memo, useEffect, useRef } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { paintScene } from '../charts/render-canvas.ts';
import {
  TURNED_AWAY,
  laneBoxes,
  queueGeometry,
  queueScene,
  type QueueGeometry,
} from '../charts/queue-layout.ts';
import { ARRIVING, QueueParticles, TURNED, dotUnit } from '../charts/queue-particles.ts';
import { CLASS_COLOURS } from '../charts/scene.ts';
import { QUEUE_CAPACITY } from '../config/settings.ts';
import { formatCount, formatRate } from '../format.ts';
import { raf } from '../raf-scheduler.ts';
import { appStore } from '../state/app-store.ts';
import { frameOfSide, frameStore } from '../state/frame-store.ts';
import { prepareCanvas, useCanvasWidth, useChartZoom } from './canvas-size.ts';
import { lastScenes } from './chart-scenes.ts';

/** What the last paint drew, read by browser tests and the benchmark (window.__schedlab). */
export interface QueueViewStats {
  paints: number;
  /** Jobs one square of the line stands for, and one dot. */
  unit: number;
  dotUnit: number;
  dotsInFlight: number;
  /** Dots drawn falling into the turned-away bin in the last paint. */
  turnedDots: number;
  queued: [number, number];
  turnedAway: number;
}
export const queueViewStats: QueueViewStats = {
  paints: 0,
  unit: 1,
  dotUnit: 1,
  dotsInFlight: 0,
  turnedDots: 0,
  queued: [0, 0],
  turnedAway: 0,
};

const LEAVING_FILL = ['rgba(2, 132, 199, 0.5)', 'rgba(217, 119, 6, 0.5)'];

/** The picture's counts and squares are laid out at most this often (the figures' cards refresh
 * as often); the dots move every animation frame. */
const SCENE_REFRESH_MS = 100;

/** The queue's capacity in this run: the imported config's, or the page's default. */
function queueCapacity(): number {
  return appStore.getState().base?.queue?.capacity ?? QUEUE_CAPACITY;
}

export const QueueView = memo(function QueueView(props: { side?: 'a' | 'b'; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useCanvasWidth(box);
  const zoom = useChartZoom();
  const side = props.side ?? 'a';
  const height = props.height ?? (width > 0 && width / zoom < 560 ? 250 : 230);

  useEffect(() => {
    if (width === 0) return;
    const particles = new QueueParticles();
    const g: QueueGeometry = queueGeometry(width / zoom, height);
    let seen: FrameMessage | null = null;
    let lastPaint = performance.now();
    let labelAt = 0;
    let scene: ReturnType<typeof queueScene> | null = null;
    let sceneAt = -Infinity;
    const served = new Float64Array(64);
    const servedI = new Float64Array(64);
    const paint = (): void => {
      const c = canvas.current;
      const whole = frameStore.getState().frame;
      const f = whole && frameOfSide(whole, side);
      if (!c || !f || !whole) return;
      const now = performance.now();
      const turned = f.ledger.rejected + f.ledger.dropped;
      const queued = f.queuedByClass ?? [f.ledger.queued, 0];
      const boxes = laneBoxes(g, f.lanes.length);
      // Jobs per wall second now: the dots' unit.
      const unit = dotUnit(
        Math.max(f.rate, f.throughput) * (whole.mode === 'live' ? 1 : whole.speed),
      );
      if (seen !== whole) {
        const prev = seen && frameOfSide(seen, side);
        if (prev && seen!.runId === whole.runId) {
          const span = Math.min(100, now - lastPaint);
          const arrived = f.ledger.arrived - prev.ledger.arrived;
          const away = turned - (prev.ledger.rejected + prev.ledger.dropped);
          particles.arrive(arrived, away, f.interactiveRatio, unit, g, queued, now, span);
          // Served jobs per lane: this frame's completed runs, scaled to the ledger's count (a
          // paint can follow several frames).
          const n = Math.min(64, f.lanes.length);
          served.fill(0, 0, n);
          servedI.fill(0, 0, n);
          let inSpans = 0;
          const sp = f.spans;
          for (let i = 0; i < sp.count; i++) {
            const lane = sp.lane[i]!;
            if (sp.failed[i] === 1 || lane >= n) continue;
            served[lane]! += sp.batchSize[i]!;
            if (sp.cls[i] === 0) servedI[lane]! += sp.batchSize[i]!;
            inSpans += sp.batchSize[i]!;
          }
          const done = f.ledger.completed - prev.ledger.completed;
          if (inSpans > 0 && done !== inSpans) {
            const k = done / inSpans;
            for (let i = 0; i < n; i++) {
              served[i]! *= k;
              servedI[i]! *= k;
            }
          }
          particles.leave(served, servedI, boxes.slice(0, n), unit, g, now, span);
        } else {
          particles.clear();
          scene = null;
        }
        seen = whole;
      }
      lastPaint = now;
      if (!scene || now - sceneAt >= SCENE_REFRESH_MS || !whole.playing) {
        sceneAt = now;
        scene = queueScene(
          {
            queued,
            capacity: queueCapacity(),
            lanes: f.lanes,
            turnedAway: turned,
            arrivalRate: f.rate,
            servedRate: f.throughput,
          },
          g,
        );
      }
      const ctx = prepareCanvas(c, width, height * zoom, zoom);
      if (!ctx) return;
      paintScene(ctx, scene);
      let turnedDots = 0;
      const dots = particles.visit(now, g, (x, y, kind, cls) => {
        ctx.fillStyle =
          kind === TURNED
            ? TURNED_AWAY
            : kind === ARRIVING
              ? CLASS_COLOURS[cls]!
              : LEAVING_FILL[cls]!;
        if (kind === TURNED) turnedDots++;
        ctx.fillRect(x - 2.5, y - 2.5, 5, 5);
      });
      lastScenes.set('queue', scene);
      Object.assign(queueViewStats, {
        paints: queueViewStats.paints + 1,
        unit: scene.unit,
        dotUnit: unit,
        dotsInFlight: dots,
        turnedDots,
        queued: [queued[0], queued[1]],
        turnedAway: turned,
      });
      // Keep the dots flying between engine frames (and after a pause, until they land).
      if (dots > 0) layer.invalidate();
      if (now - labelAt > 1000) {
        labelAt = now;
        c.setAttribute(
          'aria-label',
          `The queue: ${formatRate(f.rate)} jobs/s arriving, ${formatCount(queued[0])} interactive and ${formatCount(queued[1])} batch jobs waiting, ${f.lanes.filter((l) => l.up).length} of ${f.lanes.length} lanes up, ${formatCount(turned)} turned away so far.`,
        );
      }
    };
    const layer = raf.register('draw', paint);
    const unsubscribe = frameStore.subscribe(layer.invalidate);
    return () => {
      unsubscribe();
      layer.dispose();
    };
  }, [width, height, side, zoom]);

  return (
    <div ref={box} className="w-full" style={{ minHeight: height * zoom }}>
      <canvas
        ref={canvas}
        role="img"
        aria-label="The queue: requests arriving, waiting per class, served by the lanes"
        data-testid={side === 'b' ? 'queue-view-b' : 'queue-view'}
      />
    </div>
  );
});
