// Point at a control or chart: find it by what the page shows (a field's label, a group's legend, a
// chart's heading, a region's accessible name), open what hides it (More settings, the dashboard),
// ring it and scroll it into view. A small highlight of our own: an outline class (styles.css), no
// overlay that could hide what it points at. The lesson player stays in view meanwhile: a sticky
// column on a wide screen, a sheet at the bottom of a phone's (the ring's scroll margin keeps the
// target above the sheet).

import type { Target } from './targets.ts';
import { uiStore } from '../state/ui-store.ts';

/** Targets under "More settings", and in the dashboard. */
const IN_MORE: readonly Target[] = ['Lanes', 'Batching', 'Autoscale CPU lanes', 'Compare'];
const IN_DASHBOARD: readonly Target[] = [
  'Latency CDF',
  'Timeline',
  'Latency percentiles',
  'Lane Gantt chart',
];

/** Open what hides `target` (for this visit: a lesson does not change the person's choices). */
export function reveal(target: Target): void {
  if (IN_MORE.includes(target) && !uiStore.getState().moreOpen) {
    // Compare mode shows its controls at the top: nothing to open then.
    if (
      target !== 'Compare' ||
      !document.querySelector('[data-testid="editing-side"], [data-testid="compare-differs"]')
    ) {
      uiStore.setState({ moreOpen: true });
    }
  }
  if (IN_DASHBOARD.includes(target) && !uiStore.getState().dashboard) {
    uiStore.setState({ dashboard: true });
  }
}

const CLASS = 'lesson-target';

function byText(selector: string, text: string): Element | undefined {
  return [...document.querySelectorAll(selector)].find((e) => {
    const t = e.textContent?.trim() ?? '';
    return t === text || t.startsWith(`${text},`) || t.startsWith(`${text} `);
  });
}

/** The element a target names, or null while it is not on the page. */
export function findTarget(target: Target): Element | null {
  switch (target) {
    case 'Lanes':
    case 'Batching':
    case 'Compare':
      return byText('legend', target)?.closest('fieldset') ?? null;
    case 'Autoscale CPU lanes':
      return byText('label', target) ?? null;
    case 'Live figures':
      return document.querySelector('[aria-label^="Live figures"]');
    case 'KV-cache block map':
      return document.querySelector('[data-chart="llm-block-map"]');
    case 'Step Gantt':
      return document.querySelector('[data-chart="llm-steps"]');
    case 'LLM headline numbers':
      return document.querySelector('section[aria-label="LLM headline numbers"]');
    case 'The queue':
      return document.querySelector('[data-testid="first-look"]');
    case 'Lane Gantt chart':
      return document.querySelector('[aria-label^="Lane Gantt chart"]')?.closest('section') ?? null;
    case 'Latency CDF':
    case 'Timeline':
    case 'Latency percentiles':
      return byText('h2', target)?.closest('section') ?? null;
    case 'Arrival rate':
    case 'Scheduler':
    case 'Scheduler B': {
      const labels = [...document.querySelectorAll('label.field-label')];
      const named = (text: string): Element | undefined =>
        labels.find((l) => l.textContent?.trim() === text);
      // In compare mode the one scheduler select is two: "Scheduler" points at A's.
      const label = named(target) ?? (target === 'Scheduler' ? named('Scheduler A') : undefined);
      if (target === 'Scheduler' && label && label.textContent?.trim() === 'Scheduler A') {
        return label.parentElement;
      }
      // A compare-mode scheduler's label sits in its own row; a field's label in a header row.
      return (
        (target === 'Scheduler B' ? label?.parentElement : label?.parentElement?.parentElement) ??
        null
      );
    }
  }
}

/** Ring `target` (retrying while the page mounts it); returns a function that removes the ring. */
export function pointAt(target: Target): () => void {
  let el: Element | null = null;
  let tries = 0;
  reveal(target);
  const attempt = (): boolean => {
    el = findTarget(target);
    // Mounted but hidden (a closed section) does not count.
    if (!el || (el as HTMLElement).offsetParent === null) return false;
    el.classList.add(CLASS);
    el.setAttribute('data-lesson-target', target);
    el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return true;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  if (!attempt()) {
    timer = setInterval(() => {
      if (attempt() || ++tries > 25) clearInterval(timer);
    }, 200);
  }
  return () => {
    if (timer !== undefined) clearInterval(timer);
    for (const e of document.querySelectorAll(`.${CLASS}`)) {
      e.classList.remove(CLASS);
      e.removeAttribute('data-lesson-target');
    }
  };
}
