// Elastic serving on the page, one lazy chunk: the autoscaling panel and the load-test panel, each
// behind its own error boundary. app.tsx loads this when the request view first shows.

import { PanelBoundary } from '../components/panel-boundary.tsx';
import { AutoscalePanel } from './autoscale-panel.tsx';
import { LoadtestPanel } from './loadtest-panel.tsx';

export default function ElasticPanels() {
  return (
    <>
      <PanelBoundary name="The autoscaling panel">
        <AutoscalePanel />
      </PanelBoundary>
      <PanelBoundary name="The load-test panel">
        <LoadtestPanel />
      </PanelBoundary>
    </>
  );
}
