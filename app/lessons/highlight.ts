// Point at a control or chart: find it by what the page shows (a field's label, a group's legend, a
// chart's heading, a region's accessible name), ring it and scroll it into view. A small highlight
// of our own: an outline class (styles.css), no overlay that could hide what it points at.

import type { Target } from './targets.ts';

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
  const attempt = (): boolean => {
    el = findTarget(target);
    if (!el) return false;
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
