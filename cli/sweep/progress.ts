// A progress bar with ETA on stderr: redrawn in place on a terminal (at most 10 times a second),
// one line every 5 s otherwise (CI logs, files). The ETA extrapolates from the runs finished in
// this session; runs skipped because their results exist do not count towards the rate.

import { terminalText } from '../io/terminal.ts';

export interface Progress {
  /** A run finished (`ran`) or was found done already. */
  tick(): void;
  /** Final line. */
  done(message: string): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The bar's text: `[#####-----] 12/40 runs (30%), 3.1 runs/s, ETA 9 s`. */
export function progressLine(done: number, total: number, elapsedS: number, width = 24): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const eta = done === total ? 0 : rate > 0 ? (total - done) / rate : Infinity;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs (${Math.floor(100 * share)}%), ${rate.toFixed(rate < 10 ? 2 : 1)} runs/s, ETA ${formatDuration(eta)}`;
}

export function createProgress(label: string, total: number, quiet: boolean): Progress {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let done = 0;
  let lastDraw = 0;
  const draw = (force: boolean): void => {
    if (quiet) return;
    const now = performance.now();
    if (!force && now - lastDraw < (tty ? 100 : 5000)) return;
    lastDraw = now;
    const line = `${label}: ${progressLine(done, total, (now - started) / 1000)}`;
    process.stderr.write(tty ? `\r${terminalText(line)}\x1b[K` : `${terminalText(line)}\n`);
  };
  return {
    tick() {
      done++;
      draw(done === total);
    },
    done(message: string) {
      if (quiet) return;
      if (tty && total > 0) process.stderr.write('\n');
      process.stderr.write(`${terminalText(`${label}: ${message}`)}\n`);
    },
  };
}
