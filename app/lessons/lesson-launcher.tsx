// The header's Lessons button and the player's slot: small and eager. The player, the lessons and
// the Markdown renderer are one lazy chunk, fetched when the player first opens.

import { Suspense, lazy, memo, useEffect, useRef } from 'react';
import { closeLessons, openLessons, useLessonUi } from './lesson-store.ts';

const LessonPlayer = lazy(() => import('./lesson-player.tsx'));

export const LessonButton = memo(function LessonButton() {
  const open = useLessonUi((s) => s.open);
  return (
    <button
      type="button"
      className="btn"
      aria-expanded={open}
      onClick={() => (open ? closeLessons() : openLessons())}
    >
      Lessons
    </button>
  );
});

/**
 * On a wide screen the player is a sticky column: keep it no taller than the part of the screen
 * below its top (below the header before the page scrolls, near the top after), so its text and
 * the Next button at its foot are always on screen. A phone's sheet has its own height (CSS).
 */
function useFitToScreen(ref: React.RefObject<HTMLDivElement | null>, open: boolean): void {
  useEffect(() => {
    const el = ref.current;
    if (!open || !el) return;
    const fit = (): void => {
      if (getComputedStyle(el).position !== 'sticky') {
        el.style.maxHeight = '';
        return;
      }
      const top = Math.max(12, el.getBoundingClientRect().top);
      el.style.maxHeight = `${Math.max(200, innerHeight - top - 12)}px`;
    };
    fit();
    addEventListener('scroll', fit, { passive: true });
    addEventListener('resize', fit);
    return () => {
      removeEventListener('scroll', fit);
      removeEventListener('resize', fit);
    };
  }, [ref, open]);
}

export const LessonSlot = memo(function LessonSlot() {
  const open = useLessonUi((s) => s.open);
  const col = useRef<HTMLDivElement>(null);
  useFitToScreen(col, open);
  if (!open) return null;
  // A column of its own on a wide screen (sticky: the step's text and Next stay in view), a sheet
  // at the bottom of a phone's screen (styles.css).
  return (
    <div className="lesson-col" ref={col}>
      <Suspense fallback={<p className="panel text-sm">Loading the lessons…</p>}>
        <LessonPlayer />
      </Suspense>
    </div>
  );
});
