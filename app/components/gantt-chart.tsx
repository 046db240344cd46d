// Lane Gantt chart: a memoized shell around the canvas painter. d3-zoom recognises wheel and drag
// gestures; the view (visible window of simulated time, gantt-view.ts) lives in a ref, never in
// React state. While "following", the window's right edge is the engine clock; any zoom or pan by
// the person stops following until they press Follow again. The tooltip is a DOM node positioned
// imperatively. In compare mode the chart stacks side A's lanes over side B's on one time axis,
// so both zoom and pan together.

import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { select } from 'd3-selection';
import {
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3-zoom';
import { CLASS_NAMES } from '../../src/engine/job-table.ts';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { BarBatch, hitTest, visitBars, type ColourBy } from '../charts/gantt-layout.ts';
import { BarRaster, packColour } from '../charts/bar-raster.ts';
import {
  FAILED_FILL,
  ganttLegendItems,
  ganttLegendMarks,
  labelKey,
  laneBackgroundMarks,
  laneLabelMarks,
  laneRowMarks,
  timeAxisMarks,
  type GanttSection,
} from '../charts/gantt-chrome-layout.ts';
import { CLASS_COLOURS, INK, MODEL_COLOURS, type Mark } from '../charts/scene.ts';
import { paintScene } from '../charts/render-canvas.ts';
import { sceneToSvg } from '../charts/render-svg.ts';
import { withCaption } from '../export/caption.ts';
import { currentCaption } from '../export/chart-export.ts';
import { downloadBlob, downloadText } from '../export/download.ts';
import { formatMs } from '../format.ts';
import { frameStore } from '../state/frame-store.ts';
import { raf } from '../raf-scheduler.ts';
import { ChartCard } from './chart-card.tsx';
import { GanttLegend } from './gantt-legend.tsx';
import { LABEL_W, layoutSections, type Section } from './gantt-sections.ts';
import { prepareCanvas, useCanvasWidth } from './canvas-size.ts';
import {
  BASE_SPAN_MS,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  keyView,
  viewEnd,
  type View,
} from './gantt-view.ts';

const SVG_BAR_LIMIT = 20_000;
/** Width of the cached label image, css px: the names column and a heading's overhang. */
const LABEL_IMAGE_W = 200;

/** A section as the chrome layout reads it. */
function chromeSection(s: Section): GanttSection {
  return {
    lanes: s.frame.lanes,
    outages: s.outages.list,
    time: s.frame.time,
    g: s.g,
    labelW: LABEL_W,
    ...(s.title ? { title: s.title } : {}),
  };
}

/** What the last paint drew, read by browser tests through window.__schedlab. */
export interface GanttStats {
  paints: number;
  /** Bars in the window, and the whole-pixel rects they were merged into (both sides). */
  bars: number;
  rects: number;
  failedBars: number;
  /** Lanes drawn as down (hatched row, 'down' badge) at the right edge of the window (side A). */
  downLanes: string[];
  /** Compare mode: sections drawn (1, or 2 with side B stacked under A). */
  sections: number;
  /** Where the time axis began, simulated ms (never before the run: 0 at the start). */
  axisStartMs: number;
}
export const ganttStats: GanttStats = {
  paints: 0,
  bars: 0,
  rects: 0,
  failedBars: 0,
  downLanes: [],
  sections: 1,
  axisStartMs: 0,
};

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
  const batches = useRef([new BarBatch(), new BarBatch()]);
  /** The bars' pixels and the image they are copied through (one per chart, reused). */
  const bars = useRef<{ raster: BarRaster; canvas: HTMLCanvasElement | null }>({
    raster: new BarRaster(),
    canvas: null,
  });

  const layout = useCallback(
    (frame: FrameMessage) => layoutSections(frameStore.getState(), frame, view.current, width),
    [width],
  );

  // The lane-name column, painted once per change of the lanes or rows into an image that each
  // frame copies: labels are the costliest marks to raster, and they rarely change.
  const labels = useRef<{ key: string; canvas: HTMLCanvasElement | null }>({
    key: '',
    canvas: null,
  });

  // Frame (chrome) marks: lane labels, outages, section headings, time axis. Bars are separate.
  // `withLabels` false leaves out what the label image holds.
  const chrome = (sections: Section[], axisY: number, time: number, withLabels = true): Mark[] => {
    const marks: Mark[] = [];
    for (const s of sections) {
      const cs = chromeSection(s);
      marks.push(...(withLabels ? laneRowMarks(cs) : laneBackgroundMarks(cs)));
    }
    const first = sections[0]!.g;
    marks.push(...timeAxisMarks(first.scale, first.top, axisY, time));
    return marks;
  };

  const paintLabels = (ctx: CanvasRenderingContext2D, sections: Section[], height: number) => {
    const parts = sections.map(chromeSection);
    const key = `${height}|${devicePixelRatio}|${parts.map(labelKey).join('#')}`;
    const cache = labels.current;
    if (cache.key !== key || !cache.canvas) {
      cache.canvas ??= document.createElement('canvas');
      const lctx = prepareCanvas(cache.canvas, LABEL_IMAGE_W, height);
      if (!lctx) return;
      paintScene(lctx, {
        width: LABEL_IMAGE_W,
        height,
        marks: parts.flatMap((p) => laneLabelMarks(p)),
      });
      cache.key = key;
    }
    ctx.drawImage(cache.canvas, 0, 0, LABEL_IMAGE_W, height);
  };

  const paint = useCallback(() => {
    const c = canvas.current;
    const state = frameStore.getState();
    const frame = state.frame;
    if (!c || !frame || width === 0) return;
    const v = view.current;
    if (v.follow) v.endMs = viewEnd(v, frame.time);
    const { sections, height, axisY } = layout(frame);
    const ctx = prepareCanvas(c, width, height);
    if (!ctx) return;
    paintScene(ctx, { width, height, marks: chrome(sections, axisY, frame.time, false) });
    paintLabels(ctx, sections, height);
    // Bars snapped to whole pixels, merged and batched by colour (see BarBatch), written as pixels
    // (BarRaster) and copied onto the chart in one image; failed runs drawn over them in red,
    // outlined.
    const palette = colourRef.current === 'model' ? MODEL_COLOURS : CLASS_COLOURS;
    const dpr = window.devicePixelRatio || 1;
    const raster = bars.current.raster;
    raster.reset(width * dpr, height * dpr);
    const packed = palette.map((colour) => packColour(colour));
    let visited = 0;
    let rects = 0;
    let failed = 0;
    const failedRects: number[] = [];
    sections.forEach((s, k) => {
      const b = batches.current[k]!.build(s.ring, s.g, colourRef.current, palette.length);
      for (let c = 0; c < palette.length; c++) {
        const n = b.counts[c]!;
        const r = b.rects[c]!;
        const colour = packed[c]!;
        for (let i = 0; i < 4 * n; i += 4)
          raster.fill(colour, r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!, dpr);
      }
      failedRects.push(...b.failed);
      visited += b.visited;
      rects += b.drawn;
      failed += b.failed.length / 4;
    });
    if (rects > 0) {
      const image = (bars.current.canvas ??= document.createElement('canvas'));
      if (image.width !== raster.width || image.height !== raster.height) {
        image.width = raster.width;
        image.height = raster.height;
      }
      image.getContext('2d')?.putImageData(new ImageData(raster.view(), raster.width), 0, 0);
      ctx.drawImage(image, 0, 0, width, height);
    }
    if (failedRects.length > 0) {
      const f = failedRects;
      ctx.fillStyle = FAILED_FILL;
      ctx.strokeStyle = INK.slo;
      ctx.lineWidth = 1.5;
      for (let k = 0; k < f.length; k += 4) {
        ctx.fillRect(f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!);
        ctx.strokeRect(f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!);
      }
    }
    ganttStats.paints++;
    ganttStats.bars = visited;
    ganttStats.rects = rects;
    ganttStats.failedBars = failed;
    ganttStats.downLanes = frame.lanes.filter((l) => !l.up).map((l) => l.name);
    ganttStats.sections = sections.length;
    ganttStats.axisStartMs = sections[0]!.g.scale.startMs;
  }, [width, layout]);

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

  // Tooltip: find the section under the pointer, hit-test its ring, write the node directly.
  const onMove = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      const t = tip.current;
      const c = canvas.current;
      const frame = frameStore.getState().frame;
      if (!t || !c || !frame) return;
      const rect = c.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      const { sections } = layout(frame);
      let hit: { s: Section; i: number } | null = null;
      for (const s of sections) {
        if (py < s.g.top || py >= s.g.top + s.g.lanes * s.g.rowHeight) continue;
        const i = hitTest(s.ring, s.g, px, py);
        if (i >= 0) hit = { s, i };
      }
      if (!hit) {
        t.hidden = true;
        return;
      }
      const { s, i } = hit;
      const r = s.ring;
      const batch = r.batchSize[i]!;
      t.textContent = '';
      const rows: [string, string][] = [
        [
          batch > 1 ? 'Batch' : 'Job',
          batch > 1 ? `${batch} jobs from #${r.jobId[i]}` : `#${r.jobId[i]}`,
        ],
        ['Model', s.frame.models[r.model[i]!] ?? '?'],
        ['Class', CLASS_NAMES[r.cls[i]!] ?? '?'],
        ['Lane', s.frame.lanes[r.lane[i]!]?.name ?? '?'],
        ['Start', `${(r.start[i]! / 1000).toFixed(3)} s`],
        ['Service', formatMs(r.end[i]! - r.start[i]!)],
      ];
      if (sections.length > 1)
        rows.unshift(['Side', `${s.side.toUpperCase()} · ${s.frame.scheduler}`]);
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
    [layout],
  );

  const follow = useCallback(() => {
    view.current = { ...view.current, follow: true };
    setFollowing(true);
    invalidateRef.current();
  }, []);

  // Keyboard pan and zoom for the focused chart (gantt-view.ts).
  const onKey = useCallback(
    (e: React.KeyboardEvent<HTMLCanvasElement>) => {
      const frame = frameStore.getState().frame;
      if (!frame) return;
      const next = keyView(view.current, e.key, frame.time);
      if (next === null) return;
      e.preventDefault();
      if (next === 'follow') {
        follow();
        return;
      }
      view.current = next;
      setFollowing(next.follow);
      invalidateRef.current();
    },
    [follow],
  );

  const onExport = useCallback(
    (format: 'png' | 'svg') => {
      const c = canvas.current;
      const frame = frameStore.getState().frame;
      if (!c || !frame) return;
      // Exported pictures carry the legend above the chart and the caption under it.
      const legend = ganttLegendMarks(ganttLegendItems(colourRef.current, frame.models), width);
      const caption = currentCaption('Lanes (Gantt chart)', 'the visible window of simulated time');
      if (format === 'png') {
        const h = c.clientHeight;
        const frameScene = withCaption(
          { width, height: legend.height + h, marks: legend.marks },
          caption,
        );
        const out = document.createElement('canvas');
        const ctx = prepareCanvas(out, width, frameScene.height);
        if (!ctx) return;
        paintScene(ctx, frameScene, '#ffffff');
        ctx.drawImage(c, 0, legend.height, c.clientWidth, h);
        out.toBlob((blob) => blob && downloadBlob('schedlab-gantt.png', blob), 'image/png');
        return;
      }
      const { sections, height, axisY } = layout(frame);
      const palette = colourRef.current === 'model' ? MODEL_COLOURS : CLASS_COLOURS;
      const marks = chrome(sections, axisY, frame.time);
      for (const s of sections) {
        visitBars(
          s.ring,
          s.g,
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
          SVG_BAR_LIMIT / sections.length,
        );
      }
      // The chart under the legend: shift every mark down by the legend's height.
      const shifted = marks.map((m) =>
        m.type === 'line'
          ? { ...m, points: m.points.map((v, i) => (i % 2 === 1 ? v + legend.height : v)) }
          : { ...m, y: m.y + legend.height },
      );
      const scene = withCaption(
        { width, height: legend.height + height, marks: [...legend.marks, ...shifted] },
        caption,
      );
      downloadText('schedlab-gantt.svg', sceneToSvg(scene, 'Lane Gantt chart'), 'image/svg+xml');
    },
    [layout, width],
  );

  return (
    <ChartCard
      id="gantt"
      title="Lanes"
      window="the time span shown"
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
      <div className="mb-1 flex flex-wrap gap-3 text-[11px] text-slate-600">
        <GanttLegend colourBy={colourBy} />
      </div>
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
    </ChartCard>
  );
});
