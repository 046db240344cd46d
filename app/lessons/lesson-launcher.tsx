// The header's Lessons button and the player's slot: small and eager. The player, the lessons and
// the Markdown renderer are one lazy chunk, fetched when the player first opens.

import { Suspense, lazy, memo } from 'react';
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

export const LessonSlot = memo(function LessonSlot() {
  const open = useLessonUi((s) => s.open);
  if (!open) return null;
  // A column of its own on a wide screen (sticky: the step's text and Next stay in view), a sheet
  // at the bottom of a phone's screen (styles.css).
  return (
    <div className="lesson-col">
      <Suspense fallback={<p className="panel text-sm">Loading the lessons…</p>}>
        <LessonPlayer />
      </Suspense>
    </div>
  );
});
