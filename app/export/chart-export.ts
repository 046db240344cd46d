// Saving a chart as PNG or SVG, always with its caption (export/caption.ts): the scene the chart last
// drew, plus lines that name the run behind it, read from the stores at the moment of the export.

import { paintScene } from '../charts/render-canvas.ts';
import { sceneToSvg } from '../charts/render-svg.ts';
import type { Scene } from '../charts/scene.ts';
import { sideSettings } from '../config/compare-settings.ts';
import { appStore } from '../state/app-store.ts';
import { frameStore } from '../state/frame-store.ts';
import { captionLines, withCaption } from './caption.ts';
import { downloadBlob, downloadText } from './download.ts';

/** The caption of a chart now: the run's settings, the policy in effect, the time and the link. */
export function currentCaption(title: string, span?: string): string[] {
  const { settings, compare } = appStore.getState();
  const frame = frameStore.getState().frame;
  return captionLines({
    title,
    window: span,
    scheduler: frame?.scheduler ?? settings.scheduler,
    schedulerB: compare.enabled
      ? (frame?.compare?.b.scheduler ?? sideSettings(settings, compare, 'b').scheduler)
      : undefined,
    rate: frame?.rate ?? settings.rate,
    gpuLanes: settings.gpuLanes,
    cpuLanes: settings.cpuLanes,
    seed: settings.seed,
    time: frame?.time ?? 0,
    link: location.href,
  });
}

/** Save `scene` (with its caption) as `schedlab-<id>.<format>`. */
export function exportScene(
  id: string,
  title: string,
  span: string | undefined,
  scene: Scene,
  format: 'png' | 'svg',
): void {
  const captioned = withCaption(scene, currentCaption(title, span));
  if (format === 'svg') {
    downloadText(`schedlab-${id}.svg`, sceneToSvg(captioned, title), 'image/svg+xml');
    return;
  }
  // PNG on a white background (the live canvas is transparent).
  const out = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  out.width = Math.round(captioned.width * dpr);
  out.height = Math.round(captioned.height * dpr);
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  paintScene(ctx, captioned, '#ffffff');
  out.toBlob((blob) => blob && downloadBlob(`schedlab-${id}.png`, blob), 'image/png');
}
