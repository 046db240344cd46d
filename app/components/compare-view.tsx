// The page's main area in compare mode: the verdict, each side's live figures, the two Gantt charts
// stacked on one time axis, and the charts made for comparing.

import { memo } from 'react';
import { GanttChart } from './gantt-chart.tsx';
import { LiveNumbers } from './live-numbers.tsx';
import { VerdictPanel } from './verdict-panel.tsx';
import {
  CompareCdfChart,
  CompareTimelineChart,
  DiffChart,
  PairedChart,
} from './compare-charts.tsx';

export const CompareView = memo(function CompareView() {
  return (
    <>
      <VerdictPanel />
      <LiveNumbers side="a" />
      <LiveNumbers side="b" />
      <GanttChart />
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <DiffChart />
        <CompareCdfChart />
        <CompareTimelineChart />
        <PairedChart />
      </div>
    </>
  );
});
