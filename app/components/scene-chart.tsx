// A chart drawn from a pure layout: on each animation frame after new engine data, run the layout
// for the latest frame and paint the scene on the canvas. Exports reuse the last scene.

import { memo, useCallback, useRef, type ReactNode } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { paintScene } from '../charts/render-canvas.ts';
import { sceneToSvg } from '../charts/render-svg.ts';
import type { Scene } from '../charts/scene.ts';
import { downloadBlob, downloadText } from '../export/download.ts';
import { frameStore } from '../state/frame-store.ts';
import { useFrameLayer } from '../use-layer.ts';
import { ChartPanel } from './chart-panel.tsx';
import { prepareCanvas, useCanvasWidth } from './canvas-size.ts';

/**
 * Scene charts repaint at most 5 times a second: their data (whole-run histograms, per-second
 * series) moves slowly, and every repaint costs raster time the Gantt chart needs at 60 Hz.
 */
const CHART_REFRESH_MS = 200;

export type Layout = (frame: FrameMessage, width: number, height: number) => Scene;

export const SceneChart = memo(function SceneChart(props: {
  id: string;
  title: string;
  subtitle?: string;
  height: number;
  layout: Layout;
  tools?: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const lastScene = useRef<Scene | null>(null);
  const width = useCanvasWidth(box);
  const { layout, height } = props;

  useFrameLayer(
    () => {
      const c = canvas.current;
      const frame = frameStore.getState().frame;
      if (!c || !frame || width === 0) return;
      const scene = layout(frame, width, height);
      const ctx = prepareCanvas(c, width, scene.height);
      if (!ctx) return;
      paintScene(ctx, scene);
      lastScene.current = scene;
    },
    [layout, width, height],
    CHART_REFRESH_MS,
  );

  const onExport = useCallback(
    (format: 'png' | 'svg') => {
      const scene = lastScene.current;
      if (!scene) return;
      if (format === 'svg') {
        downloadText(`schedlab-${props.id}.svg`, sceneToSvg(scene, props.title), 'image/svg+xml');
        return;
      }
      // PNG on a white background (the live canvas is transparent).
      const out = document.createElement('canvas');
      const ctx = prepareCanvas(out, scene.width, scene.height);
      if (!ctx) return;
      paintScene(ctx, scene, '#ffffff');
      out.toBlob((blob) => blob && downloadBlob(`schedlab-${props.id}.png`, blob), 'image/png');
    },
    [props.id, props.title],
  );

  return (
    <ChartPanel
      id={props.id}
      title={props.title}
      {...(props.subtitle ? { subtitle: props.subtitle } : {})}
      tools={props.tools}
      onExport={onExport}
    >
      <div ref={box} className="w-full" style={{ minHeight: height }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={props.title}
          data-testid={`chart-${props.id}`}
        />
      </div>
    </ChartPanel>
  );
});
