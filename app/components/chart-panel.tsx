// A titled chart card with PNG and SVG export buttons. The chart inside registers its exporters.

import { memo, type ReactNode } from 'react';

export interface ChartExporters {
  png(): Promise<Blob | null>;
  svg(): string;
}

export const ChartPanel = memo(function ChartPanel(props: {
  id: string;
  title: string;
  subtitle?: string;
  tools?: ReactNode;
  onExport: (format: 'png' | 'svg') => void;
  children: ReactNode;
}) {
  return (
    <section
      className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby={`${props.id}-title`}
      data-chart={props.id}
    >
      <header className="mb-1 flex flex-wrap items-center gap-2">
        <h2 id={`${props.id}-title`} className="text-sm font-semibold text-slate-800">
          {props.title}
        </h2>
        {props.subtitle && <span className="text-xs text-slate-500">{props.subtitle}</span>}
        <div className="ml-auto flex items-center gap-1">
          {props.tools}
          <button
            type="button"
            className="chart-btn"
            onClick={() => props.onExport('png')}
            aria-label={`${props.title}: save PNG`}
          >
            PNG
          </button>
          <button
            type="button"
            className="chart-btn"
            onClick={() => props.onExport('svg')}
            aria-label={`${props.title}: save SVG`}
          >
            SVG
          </button>
        </div>
      </header>
      {props.children}
    </section>
  );
});
