// A running policy's trouble, as the policy editors' status and the autoscaling panel's
// user-autoscaler status show it: why it was switched off, and its problems by line. Its own file
// so the autoscaling chunk takes it without the editor (CodeMirror).

import type { PolicyProblem } from '../../src/engine/policy-api/status.ts';

/**
 * A running policy's trouble: why it was switched off, and its problems by line in the caller's
 * words. The editors' status and the autoscaling panel's user-autoscaler status both show it.
 */
export function PolicyProblems(props: {
  status: { disabled?: string | undefined; problems: readonly PolicyProblem[] };
  describe(p: PolicyProblem): string;
  testId: string;
}) {
  const { status, describe } = props;
  return (
    <>
      {status.disabled && (
        <p role="alert" className="font-semibold text-red-800">
          {status.disabled}.
        </p>
      )}
      {status.problems.length > 0 && (
        <ul data-testid={props.testId} className="mt-1 list-disc pl-5 text-red-900">
          {status.problems.map((q) => (
            <li key={`${q.kind}${q.line}${q.message}`} className="break-words">
              {describe(q)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
