// Starter policies for the editor: the example files themselves (examples/policies), so the page
// and the CLI start from the same code: schedulers (`decide`) and autoscalers (`scale`).

import fifo from '../../examples/policies/fifo.js?raw';
import sjf from '../../examples/policies/sjf.js?raw';
import leastSlack from '../../examples/policies/least-slack.js?raw';
import edf from '../../examples/policies/edf.js?raw';
import targetTracking from '../../examples/policies/autoscaler-target-tracking.js?raw';
import scheduleAware from '../../examples/policies/autoscaler-schedule.js?raw';

export interface Template {
  id: string;
  label: string;
  source: string;
}

export const TEMPLATES: readonly Template[] = [
  { id: 'fifo', label: 'FIFO', source: fifo },
  { id: 'sjf', label: 'Shortest predicted job first', source: sjf },
  { id: 'least-slack', label: 'Least slack', source: leastSlack },
  { id: 'edf', label: 'EDF', source: edf },
  { id: 'as-target', label: 'Autoscaler: target tracking', source: targetTracking },
  { id: 'as-schedule', label: 'Autoscaler: schedule-aware', source: scheduleAware },
];
