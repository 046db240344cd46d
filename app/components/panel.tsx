// One card for every panel of the page (charts, the verdict, exports, live lanes, calibration...):
// a rounded, bordered section named by its heading, with the window its figures cover said in one
// label style (`WindowTag`), so "last 5 s", "since the run began" and "10 seeds" read alike
// everywhere and a reader can tell why two figures of the same name differ.

import { memo, useId, type ReactNode } from 'react';

/** How long a stretch of the run a figure covers, in one style wherever a figure is shown. */
export const WindowTag = memo(function WindowTag(props: { children: string }) {
  return (
    <span
      className="window-tag"
      data-window={props.children}
      title="the stretch of the run this figure covers"
    >
      {props.children}
    </span>
  );
});

export interface PanelProps {
  /** The panel's name: its heading, and the section's accessible name. */
  title: string;
  /** Keep the heading for screen readers only (the panel's content names itself). */
  hideTitle?: boolean;
  /** The window the panel's figures cover ("last 5 s", "since the run began"). */
  window?: string | undefined;
  /** A short line after the title. */
  subtitle?: ReactNode;
  /** Controls at the end of the heading row. */
  tools?: ReactNode;
  testId?: string;
  /** Layout inside the card (gap, text size). */
  className?: string;
  /** Data attributes on the section (`{ chart: 'cdf' }` is `data-chart="cdf"`). */
  data?: Record<string, string>;
  children: ReactNode;
}

export const Panel = memo(function Panel(props: PanelProps) {
  const id = useId();
  const data = Object.fromEntries(
    Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]),
  );
  const heading = !props.hideTitle || props.subtitle || props.tools || props.window;
  return (
    <section
      className={`panel flex min-w-0 flex-col ${props.className ?? 'gap-1'}`}
      aria-labelledby={`${id}-title`}
      data-testid={props.testId}
      {...data}
    >
      {heading ? (
        <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <h2
            id={`${id}-title`}
            className={props.hideTitle ? 'sr-only' : 'text-sm font-semibold text-slate-800'}
          >
            {props.title}
          </h2>
          {props.window && <WindowTag>{props.window}</WindowTag>}
          {props.subtitle && <span className="text-xs text-slate-600">{props.subtitle}</span>}
          {props.tools && <div className="ml-auto flex items-center gap-1">{props.tools}</div>}
        </header>
      ) : (
        <h2 id={`${id}-title`} className="sr-only">
          {props.title}
        </h2>
      )}
      {props.children}
    </section>
  );
});
