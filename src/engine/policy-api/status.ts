// What a user policy did and what went wrong, for the page (frames) and the CLI's report: how many
// decisions it made, how many fell back to FIFO, and each distinct problem with its line number.

/** One kind of trouble: an exception, a decision stopped at the time limit, or an invalid decision. */
export interface PolicyProblem {
  kind: 'exception' | 'timeout' | 'invalid';
  /** What happened, e.g. "TypeError: Cannot read properties of undefined (reading 'lane')". */
  message: string;
  /** 1-based line (and column) in the policy's source, when known. */
  line?: number;
  column?: number;
  /** Simulated ms of its first and latest occurrence, and how often it happened. */
  first: number;
  last: number;
  count: number;
}

export interface PolicyStatus {
  name: string;
  /** Calls of `decide`. */
  decisions: number;
  /** Jobs started by the policy's own decisions. */
  started: number;
  /** Times a decision failed and FIFO started that moment's work instead. */
  fallbacks: number;
  /** Distinct problems, most recent first (at most MAX_PROBLEMS). */
  problems: PolicyProblem[];
  /** Set when the policy was switched off for the rest of the run (FIFO decides everything). */
  disabled?: string;
}

export const MAX_PROBLEMS = 8;

/** Problems deduplicated by kind, line and message; the newest first. */
export class PolicyLog {
  decisions = 0;
  started = 0;
  fallbacks = 0;
  /** Decisions stopped at the time limit (decision-window.ts). */
  timeouts = 0;
  disabled: string | undefined;
  private problems: PolicyProblem[] = [];

  constructor(readonly name: string) {}

  report(kind: PolicyProblem['kind'], message: string, t: number, line?: number, column?: number) {
    const i = this.problems.findIndex(
      (p) => p.kind === kind && p.message === message && p.line === line,
    );
    if (i >= 0) {
      const p = this.problems[i]!;
      p.count++;
      p.last = t;
      this.problems.splice(i, 1);
      this.problems.unshift(p);
      return;
    }
    const p: PolicyProblem = { kind, message, first: t, last: t, count: 1 };
    if (line !== undefined && line > 0) p.line = line;
    if (column !== undefined && column > 0) p.column = column;
    this.problems.unshift(p);
    if (this.problems.length > MAX_PROBLEMS) this.problems.length = MAX_PROBLEMS;
  }

  /** A fresh snapshot (it crosses the worker boundary). */
  status(): PolicyStatus {
    const s: PolicyStatus = {
      name: this.name,
      decisions: this.decisions,
      started: this.started,
      fallbacks: this.fallbacks,
      problems: this.problems.map((p) => ({ ...p })),
    };
    if (this.disabled !== undefined) s.disabled = this.disabled;
    return s;
  }
}

/** "line 7: TypeError: ..." style, for the CLI and notices. */
export function formatProblem(p: PolicyProblem, file = 'policy'): string {
  const where = p.line !== undefined ? `${file}:${p.line}${p.column ? `:${p.column}` : ''}` : file;
  const times = p.count > 1 ? ` (${p.count} times)` : '';
  return `${where}: ${p.kind === 'invalid' ? 'invalid decision: ' : p.kind === 'timeout' ? 'time limit: ' : ''}${p.message}${times}`;
}
