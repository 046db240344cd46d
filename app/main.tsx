// Entry point: make the page cross-origin isolated if it can (app/isolation.ts: on a static host the
// first visit registers a service worker and reloads once; the same worker keeps the page for
// offline use), read the settings from the URL, start the engine worker's first run, mount the
// page.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './app.tsx';
import { appStore } from './state/app-store.ts';
import { noticeStoppedRuns, resetRun, showNotice } from './state/actions.ts';
import { installProbe } from './test-hooks.ts';
import { DEFAULT_SETTINGS } from './config/settings.ts';
import { readLink } from './config/link.ts';
import { isLlmLinkKey } from './llm/llm-defaults.ts';
import { ensureIsolation, keepForOffline, watchForUpdates } from './isolation.ts';
import { loadPolicyFromUrl } from './policy/policy-actions.ts';
import { openLessons } from './lessons/lesson-store.ts';

installProbe();
// About to reload for the service worker: start nothing (this promise never settles).
if ((await ensureIsolation()) === 'reloading') await new Promise<never>(() => {});
noticeStoppedRuns();
keepForOffline();
// A newer deployment took over while this page is open: say so; a reload gets it.
watchForUpdates(() =>
  showNotice({
    kind: 'info',
    title: 'A new version of SchedLab is ready',
    details: ['This page keeps working as it is; reload to use the new version.'],
    action: { label: 'Reload', run: () => location.reload() },
  }),
);

// A's settings, then compare mode's (cmp, b.*) over them; a problem in either loads the defaults.
const linkParams = new URLSearchParams(location.search);
const link = readLink(linkParams);
if (link.ok) {
  appStore.setState({ settings: link.settings, compare: link.compare });
  // A lesson step's link opens the player there (the step sets up its own run).
  if (link.lesson) openLessons(link.lesson.id, link.lesson.step - 1);
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
// An LLM run's link (mode=llm, l.*) opens LLM mode with its settings (app/llm/llm-url.ts).
if ([...linkParams.keys()].some(isLlmLinkKey))
  void import('./llm/llm-url.ts').then((m) => m.openLlmLink(linkParams));
// A shared policy (?policy=) opens in the editor; it runs only when the person presses Run.
void loadPolicyFromUrl();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
