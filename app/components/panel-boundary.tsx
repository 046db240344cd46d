// An error boundary around each panel of the page (the lesson player, the policy editor, the
// controls, the charts): a panel that throws while rendering shows what failed and a Try again
// button, and the rest of the page goes on. Without one, React unmounts the whole app on any
// render error: a lesson whose Markdown overflowed the stack blanked the page.

import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What the panel is, for the message ("The lesson player"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: string | undefined;
}

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    let message = 'an unknown error';
    try {
      message = error instanceof Error ? error.message : String(error);
    } catch {
      // A value that cannot even be turned into text.
    }
    return { error: message.slice(0, 300) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.name} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div
        role="alert"
        data-testid="panel-error"
        className="rounded-lg border border-red-300 bg-red-50 p-2 text-sm text-red-800"
      >
        <p>
          {this.props.name} failed and was closed; the rest of the page goes on. ({this.state.error}
          )
        </p>
        <button
          type="button"
          className="mt-1 rounded border border-red-400 bg-white px-2 py-0.5"
          onClick={() => this.setState({ error: undefined })}
        >
          Try again
        </button>
      </div>
    );
  }
}
