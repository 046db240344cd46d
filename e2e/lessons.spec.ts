// Guided lessons in the browser: two lessons walked end to end through the learner's own actions
// (one of them with the keyboard alone), a lesson step opened from its link, presenter mode, and
// bad lesson links. Waits are on the player's own status and the app's signals, never on sleeps.

import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers.ts';

type LessonProbe = Awaited<ReturnType<NonNullable<Window['__schedlab']>['lesson']>>;

function lesson(page: Page): Promise<LessonProbe> {
  return page.evaluate(() => window.__schedlab!.lesson());
}

const player = (page: Page) => page.getByRole('region', { name: 'Lesson player' });

/** Wait until the current step has revealed its figures. */
async function revealed(page: Page): Promise<void> {
  await expect(player(page).getByTestId('lesson-reveal')).toBeVisible({ timeout: 90_000 });
}

test('the utilisation-knee lesson, played with the keyboard alone', async ({ page }) => {
  await openApp(page);
  // Open the player from the header and start lesson 2, by keyboard.
  await page.getByRole('button', { name: 'Lessons' }).focus();
  await page.keyboard.press('Enter');
  await expect(player(page)).toBeVisible();
  await player(page)
    .getByRole('button', { name: /^Start lesson 2: The utilisation knee/ })
    .focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/lesson=utilisation-knee&step=1/);
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Half loaded');
  // The step points at the chart it talks about.
  await expect(page.locator('[data-lesson-target="Latency percentiles"]')).toBeVisible();

  // Step 1: one CPU lane at half load; Next waits for the reveal.
  const next = player(page).getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();
  await revealed(page);
  const s1 = await lesson(page);
  expect(s1.figures['p99_50']).toBeGreaterThan(0);
  await expect(player(page).getByTestId('lesson-reveal')).toContainText(
    `${Math.round(s1.figures['p99_50']!)} ms`,
  );
  await next.focus();
  await page.keyboard.press('Enter');

  // Step 2: predict a number, then drag the rate above 85 % load with the arrow keys.
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Drag the load up');
  const guess = player(page).getByLabel(/Predict: What will the interactive p99 be/);
  await guess.focus();
  await page.keyboard.type('300');
  await page.keyboard.press('Enter');
  await expect(player(page).getByTestId('lesson-status')).toContainText(
    'set Arrival rate between 85 % and 93 % load',
  );
  // Each arrow key moves the rate by 1 % of what the lane serves: 50 % + 37 presses = 87 %.
  await page.getByLabel('Arrival rate').focus();
  for (let i = 0; i < 37; i++) await page.keyboard.press('ArrowRight');
  await revealed(page);
  const s2 = await lesson(page);
  expect(s2.figures['load_you']!).toBeGreaterThan(85);
  expect(s2.figures['load_you']!).toBeLessThan(93);
  expect(s2.figures['p99_you']!).toBeGreaterThan(3 * s2.figures['p99_50']!);
  // The reveal speaks of the learner's own load, and judges the prediction.
  await expect(player(page).getByTestId('lesson-reveal')).toContainText(
    `At your ${Math.round(s2.figures['load_you']!)} % load`,
  );
  await expect(player(page).getByTestId('lesson-reveal')).toContainText('You predicted: 300 ms');
  await expect(player(page).getByTestId('lesson-verdict')).toContainText(/The run gave|Close/);
  await expect(
    player(page)
      .getByRole('list', { name: 'Claims checked against this run' })
      .getByRole('listitem'),
  ).toHaveAttribute('data-holds', 'true');
  await next.focus();
  await page.keyboard.press('Enter');

  // Step 3: a choice prediction by arrow keys in the radio group.
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('The last few per cent');
  await player(page).getByRole('radio', { name: 'barely move' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(player(page).getByRole('radio', { name: 'grow a lot' })).toBeChecked();
  await player(page).getByRole('button', { name: 'Lock in my prediction' }).focus();
  await page.keyboard.press('Enter');
  await revealed(page);
  const finish = player(page).getByRole('button', { name: 'Finish lesson' });
  await finish.focus();
  await page.keyboard.press('Enter');

  // Progress is kept in the browser: the list marks the lesson done, after a reload too.
  await expect(player(page).getByTestId('progress-utilisation-knee')).toHaveText('✓ done');
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(player(page).getByTestId('progress-utilisation-knee')).toHaveText('✓ done');
});

test('the failover lesson: the learner fails a lane and the ledger shows nothing lost', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Lessons' }).click();
  await player(page)
    .getByRole('button', { name: /^Start lesson 7: Failover/ })
    .click();
  await revealed(page);
  await player(page).getByRole('button', { name: 'Next' }).click();

  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Fail the GPU lane');
  await expect(page.locator('[data-lesson-target="Lanes"]')).toBeVisible();
  await player(page)
    .getByRole('radio', { name: 'they are re-queued and served elsewhere' })
    .check();
  await player(page).getByRole('button', { name: 'Lock in my prediction' }).click();
  await expect(player(page).getByTestId('lesson-status')).toContainText('fail gpu0');
  await page.getByRole('button', { name: 'Fail gpu0' }).click();
  await revealed(page);
  const s = await lesson(page);
  expect(s.figures['lost']).toBe(0);
  expect(s.figures['arrived']).toBeGreaterThan(s.figures['before_done']!);
  await expect(player(page).getByTestId('lesson-reveal')).toContainText('Jobs lost: 0');
  const claims = player(page)
    .getByRole('list', { name: 'Claims checked against this run' })
    .getByRole('listitem');
  await expect(claims).toHaveCount(3);
  for (const c of await claims.all()) await expect(c).toHaveAttribute('data-holds', 'true');
  const snap = await page.evaluate(() => window.__schedlab!.snapshot()!);
  const l = snap.ledger;
  expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
});

test('a lesson step opens from its link, in compare mode where the step says', async ({ page }) => {
  await openApp(page, '?lesson=round-robin&step=1');
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText(
    'Fair turns, unequal lanes',
  );
  await expect(page).toHaveURL(/cmp=1/);
  await expect(page.getByLabel('Scheduler A')).toHaveValue('round_robin');
  await expect(page.getByLabel('Scheduler B')).toHaveValue('least_loaded');
  // A step without a setup of its own starts from the lesson's run before it.
  await openApp(page, '?lesson=utilisation-knee&step=2');
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Drag the load up');
  await expect(page.getByTestId('lesson-step-count')).toHaveText('Step 2 of 3');
  await expect(page.getByTestId('lanes-cpu')).toHaveText('1');
  // The step's own link is on the panel.
  await expect(player(page).getByRole('link', { name: 'Link to this step' })).toHaveAttribute(
    'href',
    /\?lesson=utilisation-knee&step=2$/,
  );
  // Every target a lesson can point at is on the page: the single-run charts outside compare
  // mode, Scheduler B in it.
  const missing = async (query: string, absent: string[]): Promise<string[]> => {
    await openApp(page, query, { dashboard: true });
    await expect(page.getByRole('heading', { name: /^Latency CDF/ })).toBeVisible();
    const targets = await page.evaluate(() => window.__schedlab!.lessonTargets());
    return Object.entries(targets)
      .filter(([t, on]) => !on && !absent.includes(t))
      .map(([t]) => t);
  };
  // (LLM serving mode's targets are checked in that mode by llm-lessons.spec.ts.)
  const llm = ['KV-cache block map', 'Step Gantt', 'LLM headline numbers'];
  expect(await missing('', ['Scheduler B', ...llm])).toEqual([]);
  expect(await missing('?cmp=1', ['Latency percentiles', 'The queue', ...llm])).toEqual([]);
});

test('bad lesson links are refused by the strict URL reader, or name the missing lesson', async ({
  page,
}) => {
  await openApp(page, '?lesson=Nope!&step=2');
  await expect(page.getByRole('alert').first()).toContainText('not a lesson id');
  await openApp(page, '?lesson=no-such-lesson');
  await expect(page.getByText('There is no lesson "no-such-lesson"')).toBeVisible();
  await expect(player(page).getByRole('list', { name: 'Lessons' })).toBeVisible();
  await openApp(page, '?lesson=failover&step=99');
  await expect(page.getByRole('alert').first()).toContainText('step=99');
});

test('presenter mode: large type, high contrast, arrow keys step', async ({ page }) => {
  await openApp(page, '?lesson=failover&step=1');
  const presenter = player(page).getByRole('button', { name: 'Presenter mode' });
  const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await presenter.click();
  await expect(presenter).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  const after = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(parseFloat(after)).toBeGreaterThan(parseFloat(before));
  await revealed(page);
  await page.locator('body').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/step=2/);
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Fail the GPU lane');
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/step=1/);
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('A healthy pool');
});

test('a lesson file imports like a config and opens in the player; a bad one names the field', async ({
  page,
}) => {
  await openApp(page);
  const lessonYaml = [
    'id: my-knee',
    'order: 20',
    'title: A knee of my own',
    'summary: p99 on two CPU lanes.',
    'steps:',
    '  - title: Half loaded',
    '    text: Two CPU lanes at **half** load. <b>not bold</b>',
    '    setup: { settings: { gpuLanes: 0, cpuLanes: 2, load: 0.5, seed: 5, speed: 10 } }',
    '    wait: { sim_s: 5 }',
    '    record: { p: { metric: p99, class: interactive, unit: ms } }',
    '    reveal: p99 is **{{p}}**.',
    '    claims: [{ text: p99 is above zero., left: p, op: gt, right: 0 }]',
  ].join('\n');
  const input = page.getByTestId('import-input');
  await input.setInputFiles({
    name: 'bad-lesson.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(lessonYaml.replace('load: 0.5', 'load: -2')),
  });
  await expect(page.getByRole('alert').first()).toContainText('steps.0.setup.settings.load');
  await input.setInputFiles({
    name: 'my-knee.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(lessonYaml),
  });
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Half loaded');
  await expect(page).toHaveURL(/lesson=my-knee&step=1/);
  // Markdown, but no HTML: the tag shows as text.
  await expect(player(page)).toContainText('<b>not bold</b>');
  await expect(player(page).locator('b')).toHaveCount(0);
  await revealed(page);
  await expect(player(page).getByTestId('lesson-reveal')).toContainText(/p99 is [\d.,]+ ms/);
});
