// The dashboard: every chart of a run, for those who want them, under the first look. Closed by
// default (a newcomer starts from the drawn queue), opened with one click and remembered for the
// next visit; a lesson that points at one of its charts opens it. Closed, its charts are not
// mounted and cost the page nothing per frame.

import { memo } from 'react';
import { setDashboard, useUi } from '../state/ui-store.ts';
import { GanttChart } from './gantt-chart.tsx';
import { CdfChart, MEMORY, PercentileChart, TIMELINE, WAIT } from './charts.tsx';
import { SceneChart } from './chart-card.tsx';

export const Dashboard = memo(function Dashboard() {
  const open = useUi((u) => u.dashboard);
  return (
    <section aria-label="Dashboard" className="flex flex-col gap-3" data-testid="dashboard">
      <button
        type="button"
        className="btn self-start"
        aria-expanded={open}
        onClick={() => setDashboard(!open)}
      >
        {open
          ? 'Hide the dashboard'
          : 'Show the dashboard: lanes over time, latency CDF, timeline, percentiles, wait times, memory'}
      </button>
      {open && (
        <>
          <GanttChart />
          <div className="grid grid-cols-1 gap-3 2xl:grid-cols-2">
            <CdfChart />
            <SceneChart spec={TIMELINE} />
            <PercentileChart />
            <SceneChart spec={WAIT} />
          </div>
          <SceneChart spec={MEMORY} />
        </>
      )}
    </section>
  );
});
