// Paints a Scene on a 2D canvas (the live path). The canvas backing store is scaled for the device
// pixel ratio by the caller; here everything is in CSS pixels.

import type { Scene } from './scene.ts';

/** Stripe pitch of hatched rects, css px. */
export const HATCH_PX = 6;
const hatches = new Map<string, CanvasPattern | null>();

/** A repeating diagonal-stripe pattern in `colour` (made once per colour and context). */
function hatchPattern(ctx: CanvasRenderingContext2D, colour: string): CanvasPattern | null {
  const key = colour;
  if (hatches.has(key)) return hatches.get(key)!;
  const tile = new OffscreenCanvas(HATCH_PX, HATCH_PX);
  const t = tile.getContext('2d');
  let pattern: CanvasPattern | null = null;
  if (t) {
    t.strokeStyle = colour;
    t.lineWidth = 1.5;
    t.beginPath();
    // One stripe corner to corner plus the two halves that continue it across tile edges.
    t.moveTo(0, HATCH_PX);
    t.lineTo(HATCH_PX, 0);
    t.moveTo(-1, 1);
    t.lineTo(1, -1);
    t.moveTo(HATCH_PX - 1, HATCH_PX + 1);
    t.lineTo(HATCH_PX + 1, HATCH_PX - 1);
    t.stroke();
    pattern = ctx.createPattern(tile, 'repeat');
  }
  hatches.set(key, pattern);
  return pattern;
}

export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene, background?: string): void {
  // The text state last set on this context during this paint.
  const text = { font: '', align: '', baseline: '' };
  // The fill last set: a scatter paints thousands of rects in two colours.
  let fill = '';
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, scene.width, scene.height);
  } else {
    ctx.clearRect(0, 0, scene.width, scene.height);
  }
  for (const m of scene.marks) {
    if (m.type === 'rect') {
      if (m.fill !== fill) ctx.fillStyle = fill = m.fill;
      ctx.fillRect(m.x, m.y, m.w, m.h);
      if (m.hatch) {
        const pattern = hatchPattern(ctx, m.hatch);
        if (pattern) {
          ctx.fillStyle = pattern;
          fill = '';
          ctx.fillRect(m.x, m.y, m.w, m.h);
        }
      }
      if (m.stroke) {
        ctx.strokeStyle = m.stroke;
        ctx.lineWidth = 1;
        ctx.strokeRect(m.x + 0.5, m.y + 0.5, m.w - 1, m.h - 1);
      }
    } else if (m.type === 'line') {
      const p = m.points;
      if (p.length < 4) continue;
      ctx.strokeStyle = m.stroke;
      ctx.lineWidth = m.width;
      ctx.setLineDash(m.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(p[0]!, p[1]!);
      for (let i = 2; i < p.length; i += 2) ctx.lineTo(p[i]!, p[i + 1]!);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      if (m.fill !== fill) ctx.fillStyle = fill = m.fill;
      // Setting a font makes the canvas parse it, and charts draw hundreds of labels a second in
      // a few fonts: set it (and the alignment) only when it changes.
      const font = `${m.weight === 'bold' ? '600 ' : ''}${m.size}px ui-sans-serif, system-ui, sans-serif`;
      if (font !== text.font) ctx.font = text.font = font;
      const align = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
      if (align !== text.align) ctx.textAlign = text.align = align;
      if (m.baseline !== text.baseline) ctx.textBaseline = text.baseline = m.baseline;
      // Only a rotated label needs its own transform (save/translate/rotate/restore).
      const rotated = m.rotate !== undefined && m.rotate !== 0;
      let x = m.x;
      let y = m.y;
      if (rotated) {
        ctx.save();
        ctx.translate(m.x, m.y);
        ctx.rotate((m.rotate! * Math.PI) / 180);
        x = 0;
        y = 0;
      }
      if (m.halo) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 3;
        ctx.lineJoin = 'round';
        ctx.strokeText(m.text, x, y);
      }
      ctx.fillText(m.text, x, y);
      if (rotated) ctx.restore();
    }
  }
}
