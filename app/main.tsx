// Entry point: read the settings from the URL, start the engine worker's first run, mount the page.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './app.tsx';
import { decodeSettings } from './config/url-state.ts';
import { appStore } from './state/app-store.ts';
import { resetRun, showNotice } from './state/actions.ts';
import { installProbe } from './test-hooks.ts';
import { DEFAULT_SETTINGS } from './config/settings.ts';
import { loadPolicyFromUrl } from './policy/policy-actions.ts';

installProbe();

const decoded = decodeSettings(new URLSearchParams(location.search));
if (decoded.ok) {
  appStore.setState({ settings: decoded.settings });
} else {
  appStore.setState({ settings: DEFAULT_SETTINGS });
  showNotice({
    kind: 'error',
    title: 'This link has settings SchedLab cannot use; the defaults are loaded instead',
    details: decoded.problems,
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
