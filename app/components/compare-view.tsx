// The page's main area in compare mode: the verdict, each side's live figures, the two Gantt charts
// stacked on one time axis, and the charts made for comparing.

import { memo } from 'react';
import { GanttChart } from './gantt-chart.tsx';
import { LiveNumbers } from './live-numbers.tsx';
import { VerdictPanel } from './verdict-panel.tsx';
import { SceneChart } from './chart-card.tsx';
import { COMPARE_CHARTS } from './compare-charts.tsx';

export const CompareView = memo(function CompareView() {
  return (
    <>
      <VerdictPanel />
      <LiveNumbers side="a" />
      <LiveNumbers side="b" />
      <GanttChart />
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        {COMPARE_CHARTS.map((spec) => (
          <SceneChart key={spec.id} spec={spec} />
        ))}
      </div>
    </>
  );
});
