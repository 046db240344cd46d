// Write your own scheduler in the page: the editor (CodeMirror, loaded on demand) takes a typed
// policy, the engine worker compiles and runs it live, a broken one is reported with its line
// number, and a policy that fails at run time falls back to FIFO with the ledger intact. A policy
// travels in a link and runs only when the person presses Run.

import { expect, test } from '@playwright/test';
import { openApp, snapshot, typePolicy, waitSimTime } from './helpers.ts';

function balanced(l: {
  arrived: number;
  completed: number;
  rejected: number;
  dropped: number;
  queued: number;
  running: number;
}): boolean {
  return l.arrived === l.completed + l.rejected + l.dropped + l.queued + l.running;
}

const SJF = [
  'export default {',
  '  name: "typed-sjf",',
  '  decide({ queue, lanes, predict }) {',
  '    const lane = lanes.find((l) => l.available);',
  '    if (!lane) return null;',
  '    let best = queue[0];',
  '    for (const job of queue) if (predict(job, lane) < predict(best, lane)) best = job;',
  '    return { job: best, lane };',
  '  },',
  '};',
].join('\n');

test('a policy typed into the editor runs live; a broken one shows its line number', async ({
  page,
}) => {
  await openApp(page, '?rate=250&speed=20');
  // The editor is not part of the first load: its chunk arrives when it opens.
  const editorChunk = page.waitForResponse((r) => /policy-panel-.*\.js$/.test(r.url()));
  await page.getByRole('button', { name: 'Write your own policy…' }).click();
  await editorChunk;
  await expect(page.locator('[data-testid="policy-editor"] .cm-content')).toBeVisible();

  await typePolicy(page, SJF);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'typed-sjf');
  const at = (await snapshot(page)).time;
  const after = await waitSimTime(page, at + 3_000);
  expect(after.scheduler).toBe('typed-sjf');
  expect(balanced(after.ledger)).toBe(true);
  await expect(page.getByTestId('policy-status')).toContainText('Running typed-sjf');
  await expect(page.getByTestId('policy-running')).toContainText('typed-sjf');

  // A syntax error on line 4: reported with its line, the run unchanged.
  await typePolicy(
    page,
    'export default {\n  name: "broken",\n  decide(ctx) {\n    return { job: ctx.queue[0], lane: };\n  },\n};',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('policy-compile-error')).toContainText('Line 4, column');
  await expect(page.getByTestId('policy-compile-error')).toContainText('SyntaxError');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  expect((await snapshot(page)).scheduler).toBe('typed-sjf');

  // It compiles, but throws at run time on line 5: the decisions fall back to FIFO, no job is lost.
  await typePolicy(
    page,
    'export default {\n  name: "throws",\n  decide({ queue }) {\n    const job = queue[0];\n    return job.no.such;\n  },\n};',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'throws');
  await expect(page.getByTestId('policy-problems')).toContainText(
    /Line 5: TypeError: .*fell back to FIFO/,
  );
  const broken = await waitSimTime(page, (await snapshot(page)).time + 2_000);
  expect(balanced(broken.ledger)).toBe(true);
  expect(broken.throughput).toBeGreaterThan(150);

  // Back to the built-in from the controls.
  await page.getByRole('button', { name: 'Back to fifo' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'fifo');
});

test('a policy shared in a link opens in the editor and runs only on Run', async ({
  page,
  context,
}) => {
  await openApp(page, '?speed=20');
  await page.getByRole('button', { name: 'Write your own policy…' }).click();
  await page.getByLabel('Start from a template').selectOption('least-slack');
  await expect(page.locator('.cm-content')).toContainText('least-slack.js');
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByText(/characters of policy/)).toBeVisible();
  const url = page.url();
  expect(url).toMatch(/[?&]policy=[A-Za-z0-9_-]+/);
  expect(url).toMatch(/speed=20/);

  const other = await context.newPage();
  await openApp(other, url.slice(url.indexOf('?')));
  await expect(other.locator('.cm-content')).toContainText('least-slack.js');
  await expect(other.getByText('This policy came with the link')).toBeVisible();
  expect((await snapshot(other)).scheduler).toBe('fifo');
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await other.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'least-slack.js');
});
