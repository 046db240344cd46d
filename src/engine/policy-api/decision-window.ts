// One decision of a user policy, scheduler or autoscaler alike: run its code in a decision window
// (runtime.ts), read what it returned and what it threw while the window is open, and log what went
// wrong with its line. After `maxTimeouts` decisions stopped at the time limit the log says the
// policy is off for the rest of the run (the caller's `off` says what takes over).

import type { PolicyLimits, PolicyRuntime, ThrownValue } from './runtime.ts';
import type { PolicyLog } from './status.ts';

/**
 * Run `call` (the policy's code and the reading of its answer: a problem, or undefined when the
 * answer is usable) in a window of `limits.decisionMs`. True when the answer may be used; false
 * after logging a timeout, an exception or an invalid answer.
 */
export function decideInWindow(
  rt: PolicyRuntime,
  limits: PolicyLimits,
  log: PolicyLog,
  now: number,
  off: string,
  call: () => string | undefined,
): boolean {
  let problem: string | undefined;
  let thrown: ThrownValue | undefined;
  rt.begin(limits.decisionMs);
  try {
    // Reading the result may run the policy's code (getters): still inside the window.
    problem = call();
  } catch (e) {
    // Read the thrown value while the window is open: reading it may run the policy's code too,
    // and whatever it is (a Proxy whose traps throw), describe never throws.
    thrown = rt.describe(e);
  }
  const stoppedAt = rt.end();
  if (stoppedAt > 0) {
    log.timeouts++;
    log.report(
      'timeout',
      `a decision ran past ${limits.decisionMs} ms and was stopped`,
      now,
      stoppedAt,
    );
    if (log.timeouts >= limits.maxTimeouts) {
      log.disabled = `${log.timeouts} decisions ran past the ${limits.decisionMs} ms limit: ${off}`;
    }
    return false;
  }
  if (thrown) {
    log.report('exception', thrown.message, now, thrown.line, thrown.column);
    return false;
  }
  if (problem !== undefined) {
    log.report('invalid', problem, now, rt.returnLine);
    return false;
  }
  return true;
}
