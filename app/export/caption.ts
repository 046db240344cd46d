// Exported pictures say what they show: a caption under the chart with the run behind it (the
// scheduler, the arrival rate, the lanes, the seed, the simulated time and the link that reproduces
// it), so a PNG pasted into slides or a report still reads on its own. Pure: the text from plain
// inputs, and the caption as scene marks under a chart's scene.

import { INK, text, type Mark, type Scene } from '../charts/scene.ts';
import { formatClock, formatCount } from '../format.ts';

/** What a caption names. */
export interface CaptionInput {
  title: string;
  /** The window the chart covers ("since the run began"), if it says one. */
  window?: string | undefined;
  /** The policy in effect (side A's), and side B's in compare mode. */
  scheduler: string;
  schedulerB?: string | undefined;
  rate: number;
  gpuLanes: number;
  cpuLanes: number;
  seed: number;
  /** Simulated ms. */
  time: number;
  /** The page's address: it reproduces the run. */
  link: string;
}

/** Longest link a caption prints (a policy link can be kilobytes long). */
const LINK_CHARS = 160;

/** The caption's lines: what the chart is, then the run behind it. */
export function captionLines(c: CaptionInput): string[] {
  const sched = c.schedulerB ? `A ${c.scheduler}, B ${c.schedulerB}` : c.scheduler;
  const lanes = [
    c.gpuLanes > 0 ? `${c.gpuLanes} GPU` : '',
    c.cpuLanes > 0 ? `${c.cpuLanes} CPU` : '',
  ].filter((s) => s !== '');
  const link = c.link.length > LINK_CHARS ? `${c.link.slice(0, LINK_CHARS - 1)}…` : c.link;
  return [
    `SchedLab · ${c.title}${c.window ? ` (${c.window})` : ''} · at ${formatClock(c.time)} simulated`,
    `scheduler ${sched} · ${formatCount(c.rate)} jobs/s · ${lanes.join(' + ')} lanes · seed ${c.seed}`,
    link,
  ];
}

export const CAPTION_LINE_H = 14;

/** `scene` with the caption's lines under it (the scene grows by their height). */
export function withCaption(scene: Scene, lines: readonly string[]): Scene {
  const top = scene.height + 6;
  const marks: Mark[] = lines.map((l, i) =>
    text(4, top + i * CAPTION_LINE_H, l, {
      size: 10,
      baseline: 'top',
      fill: i === 0 ? INK.text : INK.label,
      ...(i === 0 ? { weight: 'bold' as const } : {}),
    }),
  );
  return {
    width: scene.width,
    height: top + lines.length * CAPTION_LINE_H + 4,
    marks: [...scene.marks, ...marks],
  };
}
