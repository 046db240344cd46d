// The frame every CLI plot shares (cli/plots.ts, cli/compare-plots.ts, cli/sweep/sweep-plots.ts):
// an SVG of a given size with a white background, a title, the plot's body, axis labels and legend
// entries on the right. Text is escaped here; the plots pass plain strings.

/** A plot's size and its margins around the plotting area, px. */
export interface PlotBox {
  W: number;
  H: number;
  M: { top: number; right: number; bottom: number; left: number };
}

/** Text for SVG content or an attribute value. */
export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The whole SVG: `body` inside the frame, the title above, the axis labels below and left. */
export function svgFrame(
  { W, H, M }: PlotBox,
  title: string,
  body: string,
  xLabel: string,
  yLabel: string,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${M.left}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>
${body}
<text x="${M.left + (W - M.left - M.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(14 ${M.top + (H - M.top - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
</svg>
`;
}

/** One legend entry right of the plotting area: a colour swatch and its label, top at `y`. */
export function legendEntry({ W, M }: PlotBox, y: number, colour: string, label: string): string {
  return `<rect x="${W - M.right + 12}" y="${y}" width="12" height="12" fill="${colour}"/><text x="${W - M.right + 30}" y="${y + 10}">${esc(label)}</text>`;
}
