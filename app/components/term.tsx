// A term with its explanation, on hover and on tap alike (a hover-only tooltip is invisible on a
// phone): the term is a button with a dotted underline; pointing at it, focusing it or tapping it
// shows a short note under it; a tap pins it until the next tap, Escape or a tap elsewhere.
// `Explain` is the same for any text (a preset's description, a scheduler's), and `Info` an (i)
// button for a control whose label is already plain.

import { memo, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { GLOSSARY, type TermId } from '../glossary.ts';

function useExplanation() {
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!pinned) return;
    const away = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setPinned(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [pinned]);
  return {
    root,
    open: hover || pinned,
    pinned,
    handlers: {
      onMouseEnter: () => setHover(true),
      onMouseLeave: () => setHover(false),
      // Keyboard focus shows it; a tap's focus does not (the tap itself pins it).
      onFocus: (e: React.FocusEvent<HTMLElement>) => {
        if (e.currentTarget.matches(':focus-visible')) setHover(true);
      },
      onBlur: () => {
        setHover(false);
        setPinned(false);
      },
      onClick: () => setPinned((p) => !p),
      onKeyDown: (e: React.KeyboardEvent) => {
        if (e.key === 'Escape') {
          setHover(false);
          setPinned(false);
        }
      },
    },
  };
}

/**
 * `children` (by default the glossary's word for `id`) with `text` (by default the glossary's
 * explanation) shown on hover, focus and tap.
 */
export const Explain = memo(function Explain(props: {
  text: string;
  children: ReactNode;
  /** An (i) button after the children instead of underlining them (named "Explain": a name that
   * repeats its field's label would be found as that field by its label). */
  icon?: boolean;
  testId?: string;
}) {
  const id = useId();
  const { root, open, pinned, handlers } = useExplanation();
  return (
    <span ref={root} className="term-root" data-testid={props.testId}>
      {props.icon && props.children}
      <button
        type="button"
        className={props.icon ? 'term-icon' : 'term'}
        aria-expanded={open}
        aria-describedby={open ? `${id}-tip` : undefined}
        aria-label={props.icon ? 'Explain' : undefined}
        data-pinned={pinned ? 'true' : undefined}
        {...handlers}
      >
        {props.icon ? 'i' : props.children}
      </button>
      {open && (
        <span id={`${id}-tip`} role="tooltip" className="term-tip">
          {props.text}
        </span>
      )}
    </span>
  );
});

/** A glossary term (app/glossary.ts), written as the glossary writes it unless `children` say
 * otherwise. */
export const Term = memo(function Term(props: { id: TermId; children?: ReactNode }) {
  const entry = GLOSSARY[props.id];
  return (
    <Explain text={entry.text} testId={`term-${props.id}`}>
      {props.children ?? entry.term}
    </Explain>
  );
});

/** An ⓘ after a plain label: the glossary's explanation of `id` (or `text`) on hover and tap. */
export const Info = memo(function Info(props: {
  id?: TermId;
  text?: string;
  children?: ReactNode;
}) {
  const text = props.text ?? (props.id ? GLOSSARY[props.id].text : '');
  return (
    <Explain text={text} icon {...(props.id ? { testId: `info-${props.id}` } : {})}>
      {props.children}
    </Explain>
  );
});
