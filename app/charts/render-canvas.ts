// Paints a Scene on a 2D canvas (the live path). The canvas backing store is scaled for the device
// pixel ratio by the caller; here everything is in CSS pixels.

import type { Scene } from './scene.ts';

export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene, background?: string): void {
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, scene.width, scene.height);
  } else {
    ctx.clearRect(0, 0, scene.width, scene.height);
  }
  for (const m of scene.marks) {
    if (m.type === 'rect') {
      ctx.fillStyle = m.fill;
      ctx.fillRect(m.x, m.y, m.w, m.h);
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
      ctx.fillStyle = m.fill;
      ctx.font = `${m.weight === 'bold' ? '600 ' : ''}${m.size}px ui-sans-serif, system-ui, sans-serif`;
      ctx.textAlign = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
      ctx.textBaseline = m.baseline;
      ctx.save();
      ctx.translate(m.x, m.y);
      if (m.rotate) ctx.rotate((m.rotate * Math.PI) / 180);
      if (m.halo) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 3;
        ctx.lineJoin = 'round';
        ctx.strokeText(m.text, 0, 0);
      }
      ctx.fillText(m.text, 0, 0);
      ctx.restore();
    }
  }
}
