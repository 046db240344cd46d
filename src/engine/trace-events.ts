// Chrome trace-event JSON (Perfetto, chrome://tracing) written as a stream: the file's opening,
// events joined by commas and handed to `write` in chunks of about 64 kB, and the closing. The
// request kind's span export (src/workers/run-export.ts) and the LLM kind's step export
// (llm/chrome-trace.ts) both write through it; they say what the events are.

/** A stream of trace events; subclasses add the events they know. */
export class TraceEventStream {
  private buf = '{"displayTimeUnit":"ms","traceEvents":[\n';
  private first = true;
  /** Slices written (metadata and counters not counted). */
  rows = 0;

  constructor(private readonly write: (chunk: string) => void) {}

  /** One event, already serialised (every string in it through JSON.stringify). */
  protected event(json: string): void {
    this.buf += (this.first ? '' : ',\n') + json;
    this.first = false;
    if (this.buf.length >= 1 << 16) {
      this.write(this.buf);
      this.buf = '';
    }
  }

  /** Close the JSON and hand over what is left. */
  flush(): void {
    this.write(this.buf + '\n]}\n');
    this.buf = '';
  }
}
