// Writes a Scene as a standalone SVG document (the export path): the same marks the canvas shows.

import type { Scene } from './scene.ts';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const n = (v: number): string => String(Math.round(v * 100) / 100);

export function sceneToSvg(scene: Scene, title: string): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(scene.width)}" height="${n(scene.height)}" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  // One stripe pattern per hatch colour, defined before use.
  const hatchIds = new Map<string, string>();
  for (const m of scene.marks) {
    if (m.type !== 'rect' || !m.hatch || hatchIds.has(m.hatch)) continue;
    const id = `hatch-${hatchIds.size}`;
    hatchIds.set(m.hatch, id);
    out.push(
      `<defs><pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="6" stroke="${m.hatch}" stroke-width="1.5"/></pattern></defs>`,
    );
  }
  for (const m of scene.marks) {
    if (m.type === 'rect') {
      out.push(
        `<rect x="${n(m.x)}" y="${n(m.y)}" width="${n(m.w)}" height="${n(m.h)}" fill="${m.fill}"${m.stroke ? ` stroke="${m.stroke}"` : ''}/>`,
      );
      if (m.hatch) {
        out.push(
          `<rect x="${n(m.x)}" y="${n(m.y)}" width="${n(m.w)}" height="${n(m.h)}" fill="url(#${hatchIds.get(m.hatch)})"/>`,
        );
      }
    } else if (m.type === 'line') {
      const pts: string[] = [];
      for (let i = 0; i + 1 < m.points.length; i += 2)
        pts.push(`${n(m.points[i]!)},${n(m.points[i + 1]!)}`);
      out.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${m.stroke}" stroke-width="${m.width}"${m.dash ? ` stroke-dasharray="${m.dash.join(' ')}"` : ''}/>`,
      );
    } else {
      const anchor = m.anchor;
      const baseline =
        m.baseline === 'top' ? 'hanging' : m.baseline === 'bottom' ? 'auto' : 'central';
      const transform = m.rotate ? ` transform="rotate(${m.rotate} ${n(m.x)} ${n(m.y)})"` : '';
      out.push(
        `<text x="${n(m.x)}" y="${n(m.y)}" font-size="${m.size}" fill="${m.fill}" text-anchor="${anchor}" dominant-baseline="${baseline}"${m.weight === 'bold' ? ' font-weight="600"' : ''}${m.halo ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : ''}${transform}>${esc(m.text)}</text>`,
      );
    }
  }
  out.push('</svg>');
  return out.join('\n');
}
