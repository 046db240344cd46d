// Units that cross a boundary, branded so that a mix-up fails to compile: simulated milliseconds on
// the engine's clock, wall-clock milliseconds (performance.now, the engine host's pacing), and
// tokens (the LLM workload's unit of work). A brand is a type only: at run time each is a plain
// number, so the hot path pays nothing. A bare number is not a SimMs or a WallMs (say which with
// `simMs(x)`, `wallMs(x)`), a WallMs is not a SimMs, and the one conversion between the clocks is
// `wallToSim`. Arithmetic on branded values gives plain numbers: brand the result where it leaves.

declare const UNIT: unique symbol;

/** A number in unit `U`. */
type Measure<U extends string> = number & { readonly [UNIT]: U };

/** Milliseconds on the engine's clock: simulated, or live mode's engine time. */
export type SimMs = Measure<'sim-ms'>;
/** Wall-clock milliseconds (performance.now). */
export type WallMs = Measure<'wall-ms'>;
/** A count of tokens (prompt, output, KV-cache blocks times block size). */
export type Tokens = Measure<'tokens'>;

export const simMs = (ms: number): SimMs => ms as SimMs;
export const wallMs = (ms: number): WallMs => ms as WallMs;
export const tokens = (n: number): Tokens => n as Tokens;

/** The engine time that `wall` ms of wall clock cover at `speed` (engine ms per wall ms). */
export function wallToSim(wall: WallMs, speed: number): SimMs {
  return (wall * speed) as SimMs;
}
