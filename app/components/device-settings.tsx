// What this device offers live mode's lanes, in plain words with an explanation on hover and tap:
// a GPU in the browser (WebGPU: hardware, software or none), whether the page may use several CPU
// threads (cross-origin isolation) and the threads each CPU lane gets (live-threads.tsx).

import { memo, useEffect, useState } from 'react';
import { detectPlatform, type Platform } from '../platform.ts';
import { isolation } from '../isolation.ts';
import { GLOSSARY, type TermId } from '../glossary.ts';
import { LiveThreads } from './live-threads.tsx';
import { Group } from './form-parts.tsx';
import { Explain } from './term.tsx';

function Pill(props: {
  label: string;
  value: string;
  tone: 'ok' | 'warn' | 'off';
  testId: string;
  term: TermId;
  /** What this device's value means, after the glossary's explanation. */
  detail?: string | undefined;
}) {
  const tone =
    props.tone === 'ok'
      ? 'bg-emerald-50 text-emerald-800 border-emerald-200'
      : props.tone === 'warn'
        ? 'bg-amber-50 text-amber-800 border-amber-200'
        : 'bg-slate-100 text-slate-700 border-slate-200';
  return (
    <span className={`flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${tone}`}>
      <span data-testid={props.testId} className="min-w-0 break-words">
        <span className="font-medium">{props.label}:</span> {props.value}
      </span>
      <Explain
        icon
        text={`${GLOSSARY[props.term].text}${props.detail ? ` Here: ${props.detail}.` : ''}`}
        testId={`explain-${props.testId}`}
      >
        {null}
      </Explain>
    </span>
  );
}

export const DeviceSettings = memo(function DeviceSettings() {
  const [platform, setPlatform] = useState<Platform | null>(null);
  // Known synchronously at start-up; only the WebGPU probe is asynchronous.
  const isolatedNow =
    globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  const how = isolation();
  const cores = navigator.hardwareConcurrency || 1;
  useEffect(() => {
    void detectPlatform().then(setPlatform);
  }, []);
  return (
    <Group legend="This device (for live mode)">
      <div className="flex flex-wrap gap-1">
        <Pill
          label="GPU in the browser"
          term="webgpu"
          value={
            platform
              ? platform.webgpuKind === 'none'
                ? `none (${platform.webgpu})`
                : platform.webgpuKind === 'software'
                  ? 'software only (slow)'
                  : 'yes'
              : 'detecting…'
          }
          detail={platform?.webgpu}
          tone={
            platform?.webgpuKind === 'hardware'
              ? 'ok'
              : platform?.webgpuKind === 'software'
                ? 'warn'
                : 'off'
          }
          testId="status-webgpu"
        />
        <Pill
          label="Threads allowed"
          term="isolated"
          value={
            isolatedNow ? (how.mode === 'service-worker' ? 'yes (service worker)' : 'yes') : 'no'
          }
          detail={
            isolatedNow
              ? how.mode === 'service-worker'
                ? "the site's service worker adds the headers (this host does not send them)"
                : 'the host sends the headers'
              : how.reason
          }
          tone={isolatedNow ? 'ok' : 'warn'}
          testId="status-isolated"
        />
        <Pill
          label="CPU lanes use threads"
          term="threads"
          value={isolatedNow ? `yes (${cores} cores)` : 'no (single-threaded)'}
          tone={isolatedNow ? 'ok' : 'warn'}
          testId="status-threads"
        />
      </div>
      <div className="text-xs">
        <LiveThreads />
      </div>
    </Group>
  );
});
