// The one chart card of the page, single view and compare view alike: a Panel with the chart's
// title, the window its figures cover, its tools and PNG / SVG export (with a caption naming the
// run). `SceneChart` draws a `ChartSpec` (a pure layout over frame data) into it: on each animation
// frame after new engine data it lays out the latest frame and paints the scene; exports reuse the
// last scene. The Gantt chart paints its own canvas inside a ChartCard.

import { memo, useCallback, type ReactNode } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { paintScene } from '../charts/render-canvas.ts';
import type { Scene } from '../charts/scene.ts';
import { exportScene } from '../export/chart-export.ts';
import { frameStore } from '../state/frame-store.ts';
import { useCanvasLayer } from '../use-layer.ts';
import { prepareCanvas, useChartZoom } from './canvas-size.ts';
import { Panel } from './panel.tsx';
import { lastScenes } from './chart-scenes.ts';

/**
 * Scene charts repaint at most 5 times a second: their data (whole-run histograms, per-second
 * series) moves slowly, and every repaint costs raster time the Gantt chart needs at 60 Hz.
 */
const CHART_REFRESH_MS = 200;

const latestRequestFrame = (): FrameMessage | null => frameStore.getState().frame;

export type Layout = (frame: FrameMessage, width: number, height: number) => Scene;

/** A chart of the page, as data: the card's words and the layout that draws it. */
export interface ChartSpec {
  id: string;
  title: string;
  /** The stretch of the run its figures cover (the card's window tag). */
  window?: string;
  /** What the reader sees (per class, log axis...). */
  subtitle?: string;
  height: number;
  layout: Layout;
}

export const ChartCard = memo(function ChartCard(props: {
  id: string;
  title: string;
  window?: string | undefined;
  subtitle?: string | undefined;
  tools?: ReactNode;
  onExport: (format: 'png' | 'svg') => void;
  children: ReactNode;
}) {
  return (
    <Panel
      title={props.title}
      window={props.window}
      subtitle={props.subtitle}
      data={{ chart: props.id }}
      tools={
        <>
          {props.tools}
          {(['png', 'svg'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="chart-btn"
              onClick={() => props.onExport(format)}
              aria-label={`${props.title}: save ${format.toUpperCase()}`}
            >
              {format.toUpperCase()}
            </button>
          ))}
        </>
      }
    >
      {props.children}
    </Panel>
  );
});

export const SceneChart = memo(function SceneChart(props: { spec: ChartSpec; tools?: ReactNode }) {
  const zoom = useChartZoom();
  const { id, title, window: span, subtitle, layout, height } = props.spec;

  const { box, canvas } = useCanvasLayer(
    frameStore,
    latestRequestFrame,
    (c, width, frame) => {
      const scene = layout(frame, width / zoom, height);
      const ctx = prepareCanvas(c, width, scene.height * zoom, zoom);
      if (!ctx) return;
      paintScene(ctx, scene);
      lastScenes.set(id, scene);
    },
    [layout, height, id, zoom],
    { minIntervalMs: CHART_REFRESH_MS },
  );

  const onExport = useCallback(
    (format: 'png' | 'svg') => {
      const scene = lastScenes.get(id);
      if (scene) exportScene(id, title, span, scene, format);
    },
    [id, title, span],
  );

  return (
    <ChartCard
      id={id}
      title={title}
      window={span}
      subtitle={subtitle}
      tools={props.tools}
      onExport={onExport}
    >
      <div ref={box} className="w-full" style={{ minHeight: height * zoom }}>
        <canvas ref={canvas} role="img" aria-label={title} data-testid={`chart-${id}`} />
      </div>
    </ChartCard>
  );
});
