// A relative change in words a reader takes in at a glance. Between a third and three times as
// much it reads as a percentage ("+40 %", "81 % lower"); beyond, as a factor ("5.3× higher",
// "about 510× slower"), since "+51094 %" is a number nobody reads. The compare verdict, its table,
// the difference panel and "Check the simulation" all say changes this way.

/** The words for more and for less ("higher"/"lower"; for a latency, "slower"/"faster"). */
export interface ChangeWords {
  up: string;
  down: string;
}

export const HIGHER_LOWER: ChangeWords = { up: 'higher', down: 'lower' };
export const SLOWER_FASTER: ChangeWords = { up: 'slower', down: 'faster' };

/** Whether a ratio reads as a factor rather than a percentage. */
export function isFactor(ratio: number): boolean {
  return Number.isFinite(ratio) && ratio > 0 && (ratio >= 3 || ratio <= 1 / 3);
}

function factor(ratio: number, words: ChangeWords): string {
  const f = ratio >= 1 ? ratio : 1 / ratio;
  const n = f < 10 ? f.toFixed(1) : `about ${Number(f.toPrecision(2)).toLocaleString('en-US')}`;
  return `${n}× ${ratio >= 1 ? words.up : words.down}`;
}

function percent(ratio: number): string {
  const v = Math.abs((ratio - 1) * 100);
  return `${v >= 10 ? v.toFixed(0) : v.toFixed(1)} %`;
}

/** `ratio` = new / old as a table cell: "+40 %", "−81 %", "5.3× higher", "about 510× slower". */
export function signedChange(ratio: number, words: ChangeWords = HIGHER_LOWER): string {
  if (!Number.isFinite(ratio) || ratio < 0) return '–';
  if (ratio === 0) return `−100 %`;
  if (isFactor(ratio)) return factor(ratio, words);
  const sign = ratio > 1 ? '+' : ratio < 1 ? '−' : '±';
  return `${sign}${percent(ratio)}`;
}

/** `ratio` = new / old inside a sentence: "40 % higher", "81 % lower", "5.3× slower". */
export function changePhrase(ratio: number, words: ChangeWords = HIGHER_LOWER): string {
  if (!Number.isFinite(ratio) || ratio < 0) return 'unknown';
  if (ratio === 0) return `100 % ${words.down}`;
  if (isFactor(ratio)) return factor(ratio, words);
  if (ratio === 1) return 'the same';
  return `${percent(ratio)} ${ratio > 1 ? words.up : words.down}`;
}
