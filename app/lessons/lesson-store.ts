// Whether the lesson player is open, which lesson and step it shows, and presenter mode. Small and
// eager (the launcher in the header reads it); the player, the lessons and Markdown load lazily.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface LessonUiState {
  /** The player panel is shown. */
  open: boolean;
  /** The lesson being played (undefined: the list of lessons). */
  lessonId: string | undefined;
  /** 0-based step of that lesson. */
  step: number;
  /** Large type, high contrast, arrow keys step. */
  presenter: boolean;
}

export const lessonStore = createStore<LessonUiState>(() => ({
  open: false,
  lessonId: undefined,
  step: 0,
  presenter: false,
}));

export function useLessonUi<T>(select: (s: LessonUiState) => T): T {
  return useStore(lessonStore, select);
}

/** Open the player at a lesson step (a link's, or the list when `lessonId` is undefined). */
export function openLessons(lessonId?: string, step = 0): void {
  lessonStore.setState({ open: true, lessonId, step });
}

export function closeLessons(): void {
  lessonStore.setState({ open: false });
  setPresenter(false);
}

/** Presenter mode: a class on the root element restyles the page (styles.css). */
export function setPresenter(on: boolean): void {
  lessonStore.setState({ presenter: on });
  document.documentElement.classList.toggle('presenter', on);
}
