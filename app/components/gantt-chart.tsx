// Lane Gantt chart: a memoized shell around the canvas painter. d3-zoom recognises wheel and drag
// gestures; the view (visible window of simulated time) lives in a ref, never in React state.
// While "following", the window's right edge is the engine clock; any zoom or pan by the person
// stops following until they press Follow again. The tooltip is a DOM node positioned imperatively.

import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { select } from 'd3-selection';
import {
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3-zoom';
import { scaleLinear } from 'd3-scale';
import { CLASS_NAMES } from '../../src/engine/job-table.ts';
import {
  BarBatch,
  hitTest,
  visitBars,
  type ColourBy,
  type GanttGeometry,
} from '../charts/gantt-layout.ts';
import {
  CLASS_COLOURS,
  CLASS_LABELS,
  INK,
  MODEL_COLOURS,
  line,
  text,
  type Mark,
  type Scene,
} from '../charts/scene.ts';
import { paintScene } from '../charts/render-canvas.ts';
import { sceneToSvg } from '../charts/render-svg.ts';
import { toPx, type TimeScale } from '../charts/time-scale.ts';
import { downloadBlob, downloadText } from '../export/download.ts';
import { formatMs } from '../format.ts';
import { frameStore } from '../state/frame-store.ts';
import { raf } from '../raf-scheduler.ts';
import { ChartPanel } from './chart-panel.tsx';
import { prepareCanvas, useCanvasWidth } from './canvas-size.ts';

const LABEL_W = 100;
/** A lane's row while it is down: hatched, and its label in red with a 'down' badge. */
const DOWN_FILL = '#fef2f2';
const DOWN_HATCH = '#fca5a5';
const AXIS_H = 22;
const MAX_ROW = 22;
const MIN_ROW = 8;
/** Base scale of d3-zoom's transform: k = 1 shows this many simulated ms. */
const BASE_SPAN_MS = 2000;
const SVG_BAR_LIMIT = 20_000;
/** Narrowest and widest window, simulated ms (d3-zoom's scale extent says the same). */
const MIN_SPAN_MS = 0.05;
const MAX_SPAN_MS = 3.6e6;

/** What the last paint drew, read by browser tests through window.__schedlab. */
export interface GanttStats {
  paints: number;
  /** Bars in the window, and the whole-pixel rects they were merged into. */
  bars: number;
  rects: number;
  failedBars: number;
  /** Lanes drawn as down (hatched row, 'down' badge) at the right edge of the window. */
  downLanes: string[];
}
export const ganttStats: GanttStats = {
  paints: 0,
  bars: 0,
  rects: 0,
  failedBars: 0,
  downLanes: [],
};

interface View {
  follow: boolean;
  /** Visible window, simulated ms. */
  spanMs: number;
  endMs: number;
}

export const GanttChart = memo(function GanttChart() {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const view = useRef<View>({ follow: true, spanMs: BASE_SPAN_MS, endMs: BASE_SPAN_MS });
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const programmatic = useRef(false);
  const width = useCanvasWidth(box);
  const [colourBy, setColourBy] = useState<ColourBy>('model');
  const [following, setFollowing] = useState(true);
  const colourRef = useRef(colourBy);
  colourRef.current = colourBy;
  const invalidateRef = useRef<() => void>(() => {});
  const batch = useRef(new BarBatch());

  const geometry = useCallback(
    (lanes: number, height: number): GanttGeometry => {
      const v = view.current;
      const scale: TimeScale = {
        startMs: v.endMs - v.spanMs,
        endMs: v.endMs,
        left: LABEL_W,
        right: Math.max(LABEL_W + 10, width - 8),
      };
      return {
        scale,
        top: 2,
        rowHeight: Math.max(MIN_ROW, Math.min(MAX_ROW, (height - AXIS_H - 4) / Math.max(1, lanes))),
        lanes,
      };
    },
    [width],
  );

  const heightFor = (lanes: number): number =>
    Math.max(90, Math.min(MAX_ROW * lanes, 520) + AXIS_H + 4);

  // Frame (chrome) marks: lane labels, time axis, legend text. Bars are painted separately.
  const chrome = useCallback((g: GanttGeometry, height: number): Mark[] => {
    const frame = frameStore.getState().frame;
    const marks: Mark[] = [];
    if (!frame) return marks;
    frame.lanes.forEach((_lane, i) => {
      if (i % 2 === 1)
        marks.push({
          type: 'rect',
          x: LABEL_W,
          y: g.top + i * g.rowHeight,
          w: g.scale.right - LABEL_W,
          h: g.rowHeight,
          fill: '#f8fafc',
        });
    });
    // Hatch each lane's row over the time it was down (to now, while it still is).
    for (const o of frameStore.getState().outages.list) {
      if (o.lane >= g.lanes) continue;
      const end = o.end ?? frame.time;
      if (end < g.scale.startMs || o.start > g.scale.endMs) continue;
      const x0 = toPx(g.scale, Math.max(o.start, g.scale.startMs));
      const x1 = toPx(g.scale, Math.min(end, g.scale.endMs));
      marks.push({
        type: 'rect',
        x: x0,
        y: g.top + o.lane * g.rowHeight,
        w: Math.max(1, x1 - x0),
        h: g.rowHeight,
        fill: DOWN_FILL,
        hatch: DOWN_HATCH,
      });
    }
    frame.lanes.forEach((lane, i) => {
      const y = g.top + i * g.rowHeight;
      if (g.rowHeight < 10 && i % Math.ceil(10 / g.rowHeight) !== 0 && lane.up) return;
      const size = Math.min(11, g.rowHeight);
      marks.push(
        text(LABEL_W - 6, y + g.rowHeight / 2, lane.name, {
          anchor: 'end',
          size,
          fill: !lane.up ? INK.slo : lane.pool === 'parked' ? INK.muted : INK.text,
          ...(lane.up ? {} : { weight: 'bold' as const }),
        }),
      );
      // Autoscaling: a parked lane is out of the pool (greyed, not an outage).
      if (lane.up && lane.pool === 'parked' && g.rowHeight >= 12) {
        marks.push(
          text(4, y + g.rowHeight / 2, 'parked', { size: 9, fill: INK.muted, weight: 'bold' }),
        );
      }
      if (!lane.up && g.rowHeight >= 12) {
        const bh = Math.min(14, g.rowHeight - 4);
        marks.push({
          type: 'rect',
          x: 2,
          y: y + (g.rowHeight - bh) / 2,
          w: 30,
          h: bh,
          fill: INK.slo,
        });
        marks.push(
          text(17, y + g.rowHeight / 2, 'down', {
            anchor: 'middle',
            size: 9,
            fill: '#ffffff',
            weight: 'bold',
          }),
        );
      }
    });
    const axisY = g.top + g.lanes * g.rowHeight;
    const x = scaleLinear()
      .domain([g.scale.startMs / 1000, g.scale.endMs / 1000])
      .range([g.scale.left, g.scale.right]);
    marks.push(line([g.scale.left, axisY, g.scale.right, axisY], INK.axis));
    const fmt = x.tickFormat(8);
    for (const t of x.ticks(8)) {
      const px = x(t);
      marks.push(line([px, axisY, px, axisY + 4], INK.axis));
      marks.push(
        text(px, axisY + 6, `${fmt(t)} s`, { anchor: 'middle', baseline: 'top', size: 10 }),
      );
    }
    if (frame.time >= g.scale.startMs && frame.time <= g.scale.endMs) {
      const nx = x(frame.time / 1000);
      marks.push(line([nx, g.top, nx, axisY], INK.slo, 1));
    }
    void height;
    return marks;
  }, []);

  const paint = useCallback(() => {
    const c = canvas.current;
    const state = frameStore.getState();
    const frame = state.frame;
    if (!c || !frame || width === 0) return;
    const v = view.current;
    if (v.follow) v.endMs = Math.max(frame.time, v.spanMs * 0.25);
    const lanes = frame.lanes.length;
    const height = heightFor(lanes);
    const ctx = prepareCanvas(c, width, height);
    if (!ctx) return;
    const g = geometry(lanes, height);
    paintScene(ctx, { width, height, marks: chrome(g, height) });
    // Bars snapped to whole pixels, merged and batched by colour (see BarBatch); failed runs
    // drawn over them in red, outlined.
    const palette = colourRef.current === 'model' ? MODEL_COLOURS : CLASS_COLOURS;
    const b = batch.current.build(state.spans, g, colourRef.current, palette.length);
    for (let c = 0; c < palette.length; c++) {
      const n = b.counts[c]!;
      if (n === 0) continue;
      const r = b.rects[c]!;
      ctx.fillStyle = palette[c]!;
      for (let k = 0; k < 4 * n; k += 4) ctx.fillRect(r[k]!, r[k + 1]!, r[k + 2]!, r[k + 3]!);
    }
    const f = b.failed;
    if (f.length > 0) {
      ctx.fillStyle = 'rgba(220, 38, 38, 0.55)';
      ctx.strokeStyle = INK.slo;
      ctx.lineWidth = 1.5;
      for (let k = 0; k < f.length; k += 4) {
        ctx.fillRect(f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!);
        ctx.strokeRect(f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!);
      }
    }
    ganttStats.paints++;
    ganttStats.bars = b.visited;
    ganttStats.rects = b.drawn;
    ganttStats.failedBars = f.length / 4;
    ganttStats.downLanes = frame.lanes.filter((l) => !l.up).map((l) => l.name);
  }, [width, geometry, chrome]);

  // One raf layer; redraw after each engine frame and after each gesture.
  useEffect(() => {
    const layer = raf.register('draw', paint);
    invalidateRef.current = layer.invalidate;
    const unsubscribe = frameStore.subscribe((s, prev) => {
      if (s.frame?.runId !== prev.frame?.runId) {
        view.current = { follow: true, spanMs: view.current.spanMs, endMs: 0 };
        setFollowing(true);
      }
      layer.invalidate();
    });
    return () => {
      unsubscribe();
      layer.dispose();
    };
  }, [paint]);

  useEffect(() => invalidateRef.current(), [colourBy]);

  // d3-zoom as the gesture recogniser. The transform maps a base scale of BASE_SPAN_MS onto the
  // plot; we translate its k and x into our view on every user event.
  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const plotW = Math.max(10, width - 8 - LABEL_W);
    const toTransform = (v: View): ZoomTransform => {
      const k = BASE_SPAN_MS / v.spanMs;
      const startBasePx = ((v.endMs - v.spanMs) / BASE_SPAN_MS) * plotW;
      return zoomIdentity.translate(-startBasePx * k, 0).scale(k);
    };
    const behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([BASE_SPAN_MS / MAX_SPAN_MS, BASE_SPAN_MS / MIN_SPAN_MS])
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        if (programmatic.current || !event.sourceEvent) return;
        const t = event.transform;
        const spanMs = BASE_SPAN_MS / t.k;
        const startMs = (-t.x / t.k / plotW) * BASE_SPAN_MS;
        view.current = { follow: false, spanMs, endMs: startMs + spanMs };
        setFollowing(false);
        invalidateRef.current();
      });
    zoomRef.current = behaviour;
    const sel = select(c);
    sel.call(behaviour).on('dblclick.zoom', null);
    // Before each gesture, place d3's transform where the (possibly following) view is now.
    const sync = (): void => {
      programmatic.current = true;
      behaviour.transform(sel, toTransform(view.current));
      programmatic.current = false;
    };
    c.addEventListener('wheel', sync, { capture: true, passive: true });
    c.addEventListener('pointerdown', sync, { capture: true });
    return () => {
      c.removeEventListener('wheel', sync, { capture: true });
      c.removeEventListener('pointerdown', sync, { capture: true });
      sel.on('.zoom', null);
    };
  }, [width]);

  // Tooltip: hit-test on pointer move, write the node directly.
  const onMove = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      const t = tip.current;
      const c = canvas.current;
      const state = frameStore.getState();
      const frame = state.frame;
      if (!t || !c || !frame) return;
      const rect = c.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      const g = geometry(frame.lanes.length, heightFor(frame.lanes.length));
      const i = hitTest(state.spans, g, px, py);
      if (i < 0) {
        t.hidden = true;
        return;
      }
      const r = state.spans;
      const batch = r.batchSize[i]!;
      const model = frame.models[r.model[i]!] ?? '?';
      t.textContent = '';
      const rows: [string, string][] = [
        [
          batch > 1 ? 'Batch' : 'Job',
          batch > 1 ? `${batch} jobs from #${r.jobId[i]}` : `#${r.jobId[i]}`,
        ],
        ['Model', model],
        ['Class', CLASS_NAMES[r.cls[i]!] ?? '?'],
        ['Lane', frame.lanes[r.lane[i]!]?.name ?? '?'],
        ['Start', `${(r.start[i]! / 1000).toFixed(3)} s`],
        ['Service', formatMs(r.end[i]! - r.start[i]!)],
      ];
      if (r.failed[i] === 1) rows.push(['Outcome', 'lane failed: jobs re-queued']);
      for (const [k, v] of rows) {
        const row = document.createElement('div');
        const b = document.createElement('span');
        b.className = 'text-slate-400';
        b.textContent = `${k} `;
        row.append(b, v);
        t.append(row);
      }
      t.hidden = false;
      const x = Math.min(px + 14, rect.width - 200);
      t.style.transform = `translate(${x}px, ${py + 14}px)`;
    },
    [geometry],
  );

  const follow = useCallback(() => {
    view.current = { ...view.current, follow: true };
    setFollowing(true);
    invalidateRef.current();
  }, []);

  // Keyboard pan and zoom for the focused chart: ← → pan by a fifth of the window, + − zoom about
  // its centre (keeping the right edge on "now" while following), F follows again.
  const onKey = useCallback(
    (e: React.KeyboardEvent<HTMLCanvasElement>) => {
      const frame = frameStore.getState().frame;
      if (!frame) return;
      const v = view.current;
      const end = v.follow ? Math.max(frame.time, v.spanMs * 0.25) : v.endMs;
      const zoomBy = (factor: number): View => {
        const spanMs = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, v.spanMs * factor));
        if (v.follow) return { follow: true, spanMs, endMs: end };
        return { follow: false, spanMs, endMs: end - v.spanMs / 2 + spanMs / 2 };
      };
      let next: View;
      switch (e.key) {
        case 'ArrowLeft':
          next = { follow: false, spanMs: v.spanMs, endMs: end - v.spanMs * 0.2 };
          break;
        case 'ArrowRight':
          next = { follow: false, spanMs: v.spanMs, endMs: end + v.spanMs * 0.2 };
          break;
        case '+':
        case '=':
          next = zoomBy(1 / 1.5);
          break;
        case '-':
        case '_':
          next = zoomBy(1.5);
          break;
        case 'f':
        case 'F':
          e.preventDefault();
          follow();
          return;
        default:
          return;
      }
      e.preventDefault();
      view.current = next;
      setFollowing(next.follow);
      invalidateRef.current();
    },
    [follow],
  );

  const onExport = useCallback(
    (format: 'png' | 'svg') => {
      const c = canvas.current;
      const state = frameStore.getState();
      const frame = state.frame;
      if (!c || !frame) return;
      if (format === 'png') {
        const out = document.createElement('canvas');
        const ctx = prepareCanvas(out, c.clientWidth, c.clientHeight);
        if (!ctx) return;
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, c.clientWidth, c.clientHeight);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(c, 0, 0);
        out.toBlob((blob) => blob && downloadBlob('schedlab-gantt.png', blob), 'image/png');
        return;
      }
      const height = heightFor(frame.lanes.length);
      const g = geometry(frame.lanes.length, height);
      const palette = colourRef.current === 'model' ? MODEL_COLOURS : CLASS_COLOURS;
      const marks = chrome(g, height);
      visitBars(
        state.spans,
        g,
        colourRef.current,
        (x, y, w, h, colour, isFailed) => {
          marks.push({
            type: 'rect',
            x,
            y,
            w,
            h,
            fill: isFailed ? INK.slo : palette[colour % palette.length]!,
          });
        },
        SVG_BAR_LIMIT,
      );
      const scene: Scene = { width, height, marks };
      downloadText('schedlab-gantt.svg', sceneToSvg(scene, 'Lane Gantt chart'), 'image/svg+xml');
    },
    [chrome, geometry, width],
  );

  const legend = useLegend(colourBy);

  return (
    <ChartPanel
      id="gantt"
      title="Lanes"
      subtitle="one bar per job or batch. Scroll to zoom, drag to pan (keys: ← → + − F)."

      onExport={onExport}
      tools={
        <>
          <label className="flex items-center gap-1 text-xs text-slate-600">
            Colour by
            <select
              className="input py-0 text-xs"
              value={colourBy}
              onChange={(e) => setColourBy(e.target.value as ColourBy)}
            >
              <option value="model">model</option>
              <option value="class">class</option>
            </select>
          </label>
          <button
            type="button"
            className="chart-btn"
            onClick={follow}
            disabled={following}
            aria-pressed={following}
          >
            {following ? 'Following' : 'Follow'}
          </button>
        </>
      }
    >
      <div className="mb-1 flex flex-wrap gap-3 text-[11px] text-slate-600">{legend}</div>
      <div ref={box} className="relative w-full">
        <canvas
          ref={canvas}
          className="block cursor-grab touch-none active:cursor-grabbing"
          role="img"
          aria-label="Lane Gantt chart. Arrow keys pan, plus and minus zoom, F follows the clock."
          tabIndex={0}
          onKeyDown={onKey}
          data-testid="chart-gantt"
          onPointerMove={onMove}
          onPointerLeave={() => {
            if (tip.current) tip.current.hidden = true;
          }}
        />
        <div
          ref={tip}
          hidden
          role="tooltip"
          data-testid="gantt-tooltip"
          className="pointer-events-none absolute top-0 left-0 z-10 min-w-44 rounded-md bg-slate-900/90 px-2 py-1 text-xs text-white shadow-lg"
        />
      </div>
    </ChartPanel>
  );
});

function useLegend(colourBy: ColourBy) {
  const models = useFrameModels();
  const items =
    colourBy === 'model'
      ? models.map((m, i) => [m, MODEL_COLOURS[i % MODEL_COLOURS.length]!] as const)
      : CLASS_LABELS.map((c, i) => [c, CLASS_COLOURS[i]!] as const);
  return (
    <>
      {items.map(([label, colour]) => (
        <span key={label} className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: colour }} />
          {label}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span
          className="inline-block h-2.5 w-2.5 rounded-sm border"
          style={{ background: 'rgba(220, 38, 38, 0.55)', borderColor: INK.slo }}
        />
        failed run (lane went down; its jobs re-queued)
      </span>
      <span className="flex items-center gap-1">
        <span
          className="inline-block h-2.5 w-4 rounded-sm"
          style={{
            background: `repeating-linear-gradient(-45deg, ${DOWN_HATCH} 0 1.5px, ${DOWN_FILL} 1.5px 4px)`,
          }}
        />
        lane down
      </span>
    </>
  );
}

/** Model names of the current run (changes only on reset). */
function useFrameModels(): string[] {
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    // Compare here, not in a functional update: see useLanes in lane-faults.tsx.
    let last = '';
    return frameStore.subscribe((s) => {
      const m = s.frame?.models ?? [];
      const k = m.join();
      if (k === last) return;
      last = k;
      setModels([...m]);
    });
  }, []);
  return models;
}
