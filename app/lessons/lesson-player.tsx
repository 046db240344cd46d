// The lesson player: a panel of steps beside the charts. It lists the lessons (with progress kept
// in the browser), then plays one step at a time: the text, what to look at, a prediction, what the
// step waits for, and the reveal with this run's figures and the claims checked against them. Next
// and Back are buttons; in presenter mode the arrow keys (and a clicker's Page Up/Down) step too.
// Loaded lazily with the lessons and Markdown, the first time the player opens.

import { memo, useEffect, useId, useState } from 'react';
import { allLessons, catalogProblems, lessonById } from './catalog.ts';
import { Markdown } from './markdown.tsx';
import { pointAt } from './highlight.ts';
import {
  closeLessons,
  lessonStore,
  openLessons,
  setPresenter,
  useLessonUi,
} from './lesson-store.ts';
import {
  answer,
  doItForMe,
  enterStep,
  leaveLesson,
  playerStore,
  usePlayer,
  writeLessonUrl,
} from './lesson-runner.ts';
import { fillFigures, unitsOf } from './measures.ts';
import type { Lesson, Prediction } from './schema.ts';
import { showNotice } from '../state/actions.ts';

/** A link that opens `lessonId` at step `index` (0-based) on this page. */
function stepLink(lessonId: string, index: number): string {
  const params = new URLSearchParams({ lesson: lessonId, step: String(index + 1) });
  return `${location.pathname}?${params.toString()}`;
}

function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  if (!t || !t.tagName) return false;
  return (
    ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName) ||
    t.isContentEditable ||
    t.closest('[aria-label^="Lane Gantt chart"]') !== null
  );
}

function LessonList() {
  const progress = usePlayer((s) => s.progress);
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-slate-600">
        Short guided lessons: each sets up a run, asks you to predict, and shows what happened with
        this run&apos;s numbers.
      </p>
      {catalogProblems.length > 0 && (
        <p role="alert" className="text-xs text-red-700">
          Some lessons could not be read: {catalogProblems.join('; ')}
        </p>
      )}
      <ol className="flex flex-col gap-1" aria-label="Lessons">
        {allLessons().map((l) => {
          const done = progress[l.id]?.length ?? 0;
          const complete = done >= l.steps.length;
          return (
            <li key={l.id} className="flex items-baseline justify-between gap-2">
              <button
                type="button"
                className="btn flex-1 text-left"
                onClick={() => openLessons(l.id, 0)}
                aria-label={`Start lesson ${l.order}: ${l.title}${complete ? ' (completed)' : ''}`}
              >
                <span className="font-semibold">
                  {l.order}. {l.title}
                </span>{' '}
                <span className="text-xs text-slate-500">{l.summary}</span>
              </button>
              <span className="tabular text-xs text-slate-600" data-testid={`progress-${l.id}`}>
                {complete ? '✓ done' : `${done}/${l.steps.length}`}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function PredictForm(props: { prediction: Prediction; step: number }) {
  const id = useId();
  const [value, setValue] = useState('');
  const p = props.prediction;
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    if (value === '') return;
    void answer(
      p.kind === 'number' ? `${value}${p.unit ? ` ${p.unit}` : ''}` : value,
      p.kind === 'number' ? Number(value) : value,
    );
  };
  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-1 rounded border border-amber-300 bg-amber-50 p-2"
    >
      {p.kind === 'choice' ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-semibold">Predict: {p.question}</legend>
          {p.options.map((o, i) => (
            <label key={o} className="flex items-center gap-2 text-sm" htmlFor={`${id}-${i}`}>
              <input
                id={`${id}-${i}`}
                type="radio"
                name={`${id}-choice`}
                value={o}
                checked={value === o}
                onChange={() => setValue(o)}
              />
              {o}
            </label>
          ))}
        </fieldset>
      ) : (
        <>
          <label htmlFor={`${id}-n`} className="text-sm font-semibold">
            Predict: {p.question}
          </label>
          <input
            id={`${id}-n`}
            type="number"
            className="input w-32"
            min={p.min}
            max={p.max}
            step="any"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={value === ''}>
          Lock in my prediction
        </button>
        <button type="button" className="btn" onClick={() => void answer(undefined)}>
          Skip
        </button>
      </div>
    </form>
  );
}

function StepView(props: { lesson: Lesson }) {
  const { lesson } = props;
  const index = usePlayer((s) => s.index);
  const phase = usePlayer((s) => s.phase);
  const status = usePlayer((s) => s.status);
  const figures = usePlayer((s) => s.figures);
  const claims = usePlayer((s) => s.claims);
  const predicted = usePlayer((s) => s.predictions[s.index]);
  const verdict = usePlayer((s) => s.verdict);
  const step = lesson.steps[index];
  const last = index === lesson.steps.length - 1;
  const headingId = useId();

  useEffect(() => (step?.point ? pointAt(step.point) : undefined), [step]);
  if (!step) return null;
  const wait = step.wait;
  const canNext = phase === 'done';
  const go = (i: number): void => lessonStore.setState({ step: i });

  return (
    <div className="flex flex-col gap-2" aria-labelledby={headingId} role="group">
      <p className="text-xs text-slate-500" data-testid="lesson-step-count">
        Step {index + 1} of {lesson.steps.length}
      </p>
      <h3 id={headingId} className="text-base font-semibold" data-testid="lesson-step-title">
        {step.title}
      </h3>
      <Markdown text={fillFigures(step.text, figures, unitsOf(lesson.steps))} />
      {step.point && (
        <p className="text-xs text-slate-600">
          Look at: <strong>{step.point}</strong> (outlined on the page)
        </p>
      )}
      {phase === 'predict' && step.predict && (
        <PredictForm key={`${lesson.id}-${index}`} prediction={step.predict} step={index} />
      )}
      <p
        role="status"
        aria-live="polite"
        className="text-sm text-slate-700"
        data-testid="lesson-status"
      >
        {status}
      </p>
      {phase === 'waiting' && wait && 'action' in wait && (
        <button type="button" className="btn self-start" onClick={() => void doItForMe()}>
          Do it for me
        </button>
      )}
      {phase === 'done' && (
        <div
          className="flex flex-col gap-2 rounded border border-emerald-300 bg-emerald-50 p-2"
          data-testid="lesson-reveal"
        >
          {predicted !== undefined && (
            <p className="text-sm" data-testid="lesson-prediction">
              You predicted: <strong>{predicted}</strong>
              {verdict && (
                <span
                  className={`ml-1 font-semibold ${verdict.right === true ? 'text-emerald-800' : verdict.right === false ? 'text-red-800' : 'text-slate-700'}`}
                  data-testid="lesson-verdict"
                  data-right={verdict.right === null ? 'unsettled' : String(verdict.right)}
                >
                  {verdict.right === true ? '✓ ' : verdict.right === false ? '✗ ' : ''}
                  {verdict.text}
                </span>
              )}
            </p>
          )}
          {step.reveal && (
            <Markdown text={fillFigures(step.reveal, figures, unitsOf(lesson.steps))} />
          )}
          {claims.length > 0 && (
            <ul
              className="flex flex-col gap-0.5 text-sm"
              aria-label="Claims checked against this run"
            >
              {claims.map((c) => (
                <li key={c.text} data-holds={c.holds ? 'true' : 'false'}>
                  {c.holds ? '✓' : '✗'} {c.text}{' '}
                  <span className="text-xs text-slate-600">
                    ({c.holds ? 'holds in this run' : 'does not hold in this run'})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {phase === 'failed' && (
        <p role="alert" className="text-sm text-red-700">
          {status}
        </p>
      )}
      <nav className="lesson-nav flex flex-wrap items-center gap-2" aria-label="Lesson steps">
        <button type="button" className="btn" disabled={index === 0} onClick={() => go(index - 1)}>
          Back
        </button>
        {last ? (
          <button
            type="button"
            className="btn-primary"
            disabled={!canNext}
            onClick={() => lessonStore.setState({ lessonId: undefined, step: 0 })}
          >
            Finish lesson
          </button>
        ) : (
          <button
            type="button"
            className="btn-primary"
            disabled={!canNext}
            onClick={() => go(index + 1)}
          >
            Next
          </button>
        )}
        <a className="text-xs underline" href={stepLink(lesson.id, index)}>
          Link to this step
        </a>
      </nav>
    </div>
  );
}

function LessonPlayer() {
  const lessonId = useLessonUi((s) => s.lessonId);
  const stepIndex = useLessonUi((s) => s.step);
  const presenter = useLessonUi((s) => s.presenter);
  const lesson = lessonId ? lessonById(lessonId) : undefined;

  useEffect(() => {
    if (lessonId && !lesson) {
      showNotice({
        kind: 'error',
        title: `There is no lesson "${lessonId}"`,
        details: ['The lesson list is open instead.'],
      });
      lessonStore.setState({ lessonId: undefined, step: 0 });
      return;
    }
    if (!lesson) {
      leaveLesson();
      writeLessonUrl(undefined);
      return;
    }
    const index = Math.min(stepIndex, lesson.steps.length - 1);
    void enterStep(lesson, index);
  }, [lesson, lessonId, stepIndex]);

  // Closing the player stops following the run and takes the lesson out of the address bar.
  useEffect(
    () => () => {
      leaveLesson();
      writeLessonUrl(undefined);
    },
    [],
  );

  useEffect(() => {
    if (!presenter) return;
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const { lessonId: id, step } = lessonStore.getState();
      const l = id ? lessonById(id) : undefined;
      if (!l) return;
      const forward = e.key === 'ArrowRight' || e.key === 'PageDown';
      const backward = e.key === 'ArrowLeft' || e.key === 'PageUp';
      if (!forward && !backward) return;
      e.preventDefault();
      const done = playerStore.getState().phase === 'done';
      if (backward && step > 0) lessonStore.setState({ step: step - 1 });
      if (forward && done && step < l.steps.length - 1) lessonStore.setState({ step: step + 1 });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenter]);

  return (
    <section aria-label="Lesson player" className="lesson-player panel flex flex-col gap-2 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="w-full text-sm font-semibold sm:w-auto sm:flex-1">
          {lesson ? `Lesson ${lesson.order}: ${lesson.title}` : 'Lessons'}
        </h2>
        {lesson && (
          <button
            type="button"
            className="btn"
            onClick={() => lessonStore.setState({ lessonId: undefined, step: 0 })}
          >
            All lessons
          </button>
        )}
        <button
          type="button"
          className="btn"
          aria-pressed={presenter}
          onClick={() => setPresenter(!presenter)}
          title="Large type and high contrast for a projector; arrow keys step"
        >
          Presenter mode
        </button>
        <button
          type="button"
          className="btn"
          onClick={closeLessons}
          aria-label="Close lessons"
          title="Close the lessons and go back to your own run"
        >
          Close
        </button>
      </div>
      {lesson ? <StepView lesson={lesson} /> : <LessonList />}
    </section>
  );
}

export default memo(LessonPlayer);
