// The Gantt chart's legend: what the bar colours mean (models or classes), failed runs and lanes
// that are down. Re-renders only when the run's models change.

import { useEffect, useState } from 'react';
import type { ColourBy } from '../charts/gantt-layout.ts';
import { DOWN_FILL, DOWN_HATCH } from '../charts/gantt-chrome-layout.ts';
import { CLASS_COLOURS, CLASS_LABELS, INK, MODEL_COLOURS } from '../charts/scene.ts';
import { frameStore } from '../state/frame-store.ts';

export function GanttLegend(props: { colourBy: ColourBy }) {
  return useLegend(props.colourBy);
}

function useLegend(colourBy: ColourBy) {
  const models = useFrameModels();
  const items =
    colourBy === 'model'
      ? models.map((m, i) => [m, MODEL_COLOURS[i % MODEL_COLOURS.length]!] as const)
      : CLASS_LABELS.map((c, i) => [c, CLASS_COLOURS[i]!] as const);
  return (
    <>
      {items.map(([label, colour]) => (
        <span key={label} className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: colour }} />
          {label}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span
          className="inline-block h-2.5 w-2.5 rounded-sm border"
          style={{ background: 'rgba(220, 38, 38, 0.55)', borderColor: INK.slo }}
        />
        failed run (lane went down; its jobs re-queued)
      </span>
      <span className="flex items-center gap-1">
        <span
          className="inline-block h-2.5 w-4 rounded-sm"
          style={{
            background: `repeating-linear-gradient(-45deg, ${DOWN_HATCH} 0 1.5px, ${DOWN_FILL} 1.5px 4px)`,
          }}
        />
        lane down
      </span>
    </>
  );
}

/** Model names of the current run (changes only on reset). */
function useFrameModels(): string[] {
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    // Compare here, not in a functional update: see useLanes in lane-faults.tsx.
    let last = '';
    return frameStore.subscribe((s) => {
      const m = s.frame?.models ?? [];
      const k = m.join();
      if (k === last) return;
      last = k;
      setModels([...m]);
    });
  }, []);
  return models;
}
