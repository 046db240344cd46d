// The Gantt chart's legend on the page: what the bar colours mean (models or classes), failed runs
// and lanes that are down, from the same entries the exported pictures draw
// (gantt-chrome-layout.ts). Re-renders only when the run's models change.

import { useEffect, useState } from 'react';
import type { ColourBy } from '../charts/gantt-layout.ts';
import { DOWN_FILL, DOWN_HATCH, ganttLegendItems } from '../charts/gantt-chrome-layout.ts';
import { INK } from '../charts/scene.ts';
import { frameStore } from '../state/frame-store.ts';

export function GanttLegend(props: { colourBy: ColourBy }) {
  const models = useFrameModels();
  return (
    <>
      {ganttLegendItems(props.colourBy, models).map((item) => (
        <span key={item.label} className="flex items-center gap-1">
          {item.kind === 'down' ? (
            <span
              className="inline-block h-2.5 w-4 rounded-sm"
              style={{
                background: `repeating-linear-gradient(-45deg, ${DOWN_HATCH} 0 1.5px, ${DOWN_FILL} 1.5px 4px)`,
              }}
            />
          ) : (
            <span
              className={`inline-block h-2.5 w-2.5 rounded-sm ${item.kind === 'failed' ? 'border' : ''}`}
              style={{
                background: item.colour,
                ...(item.kind === 'failed' ? { borderColor: INK.slo } : {}),
              }}
            />
          )}
          {item.label}
        </span>
      ))}
    </>
  );
}

/** Model names of the current run (changes only on reset). */
export function useFrameModels(): string[] {
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    // Compare here, not in a functional update: see useLanes in lane-faults.tsx.
    let last = '';
    const read = (m: readonly string[]): void => {
      const k = m.join();
      if (k === last) return;
      last = k;
      setModels([...m]);
    };
    read(frameStore.getState().frame?.models ?? []);
    return frameStore.subscribe((s) => read(s.frame?.models ?? []));
  }, []);
  return models;
}
