// Entry point: make the page cross-origin isolated if it can (app/isolation.ts: on a static host the
// first visit registers a service worker and reloads once), read the settings from the URL, start
// the engine worker's first run, mount the page.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './app.tsx';
import { appStore } from './state/app-store.ts';
import { noticeStoppedRuns, resetRun, showNotice } from './state/actions.ts';
import { installProbe } from './test-hooks.ts';
import { DEFAULT_SETTINGS } from './config/settings.ts';
import { readLink } from './config/link.ts';
import { ensureIsolation } from './isolation.ts';
import { loadPolicyFromUrl } from './policy/policy-actions.ts';

installProbe();
// About to reload for the service worker: start nothing (this promise never settles).
if ((await ensureIsolation()) === 'reloading') await new Promise<never>(() => {});
noticeStoppedRuns();

// A's settings, then compare mode's (cmp, b.*) over them; a problem in either loads the defaults.
const link = readLink(new URLSearchParams(location.search));
if (link.ok) {
  appStore.setState({ settings: link.settings, compare: link.compare });
} else {
  appStore.setState({ settings: DEFAULT_SETTINGS });
  showNotice({
    kind: 'error',
    title: 'This link has settings SchedLab cannot use; the defaults are loaded instead',
    details: link.problems,
  });
  history.replaceState(null, '', location.pathname);
}
void resetRun();
// A shared policy (?policy=) opens in the editor; it runs only when the person presses Run.
void loadPolicyFromUrl();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
