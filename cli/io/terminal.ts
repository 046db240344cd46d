// Where every CLI command prints: one pair of functions for stdout and stderr, each line passed
// through the one escape for echoed text (src/engine/echo.ts), so a control byte in a file name, a
// JSON parse error, a grid value or a policy's exception message reaches the terminal as `\u001b`,
// never as the byte that would recolour, retitle or rewrite the screen. Line breaks between lines
// and tabs are kept. The sweep's progress bar (which redraws itself with its own `\r`) escapes its
// text with `terminalText` too.

import { escapeControls } from '../../src/engine/echo.ts';

/** `text` made safe for a terminal: its own line breaks and tabs kept, every other control escaped. */
export function terminalText(text: string): string {
  return escapeControls(text, '\n\t');
}

/** Print lines to stdout (escaped). */
export function say(text: string): void {
  process.stdout.write(`${terminalText(text)}\n`);
}

/** Print lines to stderr (escaped). */
export function warn(text: string): void {
  process.stderr.write(`${terminalText(text)}\n`);
}
