// What a reader sees of a chart's labels, measured in the browser: each label of the chart's last
// paint (window.__schedlab.chartText) gets the width the page's canvas paints it at (measureText in
// the chart's own font, not the layouts' estimate), and the helper reports labels that overlap one
// another or run past the chart's edges. The charts are canvases, so there are no text elements to
// ask for a box: the canvas's own measure of the same string in the same font is that box's width.

import type { Page } from '@playwright/test';
import { boxesOverlap, textBox, type Box } from '../app/charts/text-boxes.ts';

export interface LabelReport {
  /** Every label's text, in paint order. */
  texts: string[];
  /** Pairs of labels whose boxes overlap. */
  overlaps: [string, string][];
  /** Labels that run past the chart's left or right edge. */
  outside: string[];
  /** The chart's width, css px. */
  width: number;
}

/** Measure the labels chart `id` last painted (waits for its first paint). */
export async function chartLabels(page: Page, id: string): Promise<LabelReport> {
  await page.waitForFunction((c) => window.__schedlab!.chartText(c) !== null, id);
  const drawn = await page.evaluate((c) => {
    const scene = window.__schedlab!.chartText(c)!;
    const ctx = document.createElement('canvas').getContext('2d')!;
    // render-canvas.ts paints text in this font.
    const widths = scene.labels.map((l) => {
      ctx.font = `${l.bold ? '600 ' : ''}${l.size}px ui-sans-serif, system-ui, sans-serif`;
      return ctx.measureText(l.text).width;
    });
    return { scene, widths };
  }, id);
  const labels = drawn.scene.labels.filter((l) => l.text !== '');
  const boxes: Box[] = drawn.scene.labels.flatMap((l, i) =>
    l.text === ''
      ? []
      : [
          textBox(
            {
              type: 'text',
              text: l.text,
              x: l.x,
              y: l.y,
              size: l.size,
              anchor: l.anchor,
              baseline: l.baseline,
              fill: '#000',
              ...(l.rotate ? { rotate: l.rotate } : {}),
            },
            drawn.widths[i]!,
          ),
        ],
  );
  const overlaps: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxesOverlap(boxes[i]!, boxes[j]!)) overlaps.push([labels[i]!.text, labels[j]!.text]);
    }
  }
  const width = drawn.scene.width;
  const outside = labels.filter((_, i) => boxes[i]!.x0 < -0.5 || boxes[i]!.x1 > width + 0.5);
  return {
    texts: labels.map((l) => l.text),
    overlaps,
    outside: outside.map((l) => l.text),
    width,
  };
}
