import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The demo app in a real browser: each person in a browser context of their own, as two windows
// on two machines would be. Screenshots of every step go to .beckon/e2e/ (not committed).

const APP = 'http://127.0.0.1:5000';
const SHOTS = '.beckon/e2e';
const TIMEOUT = 20_000;

let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the demo as one person, signed in and listening. */
async function open(as: 'alice' | 'bob' | 'carol', viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${as}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${as}: ${error.message}`));
  await page.goto(`${APP}/?as=${as}`);
  await page.getByText(/Signed in as/).waitFor({ timeout: TIMEOUT });
  // The history's first snapshot: the page listens from here on.
  await page.locator('#conversations button').first().waitFor({ timeout: TIMEOUT });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

/** Records every text the call screen's status shows, so a test can see "Calling" even if "Ringing" follows at once. */
async function recordCallStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const target = document.getElementById('call-status') as HTMLElement;
    const seen: string[] = [];
    (window as unknown as { statuses: string[] }).statuses = seen;
    new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}
const statuses = (page: Page) => page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);

/** The WCAG 2.1 A and AA rules axe-core checks automatically; what it cannot judge (meaning, order) the stories above cover. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResult> } }).axe;
    type AxeResult = { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

const historyTab = (page: Page, name: string) => page.locator('#conversations button', { hasText: new RegExp(`^${name}$`) });

describe('the demo app, in Chromium', () => {
  it(
    '1. Alice calls Bob: his dialog shows her name, her screen goes Calling -> Ringing, he accepts, both histories say accepted',
    { timeout: 90_000 },
    async () => {
      const [alice, bob] = await Promise.all([open('alice'), open('bob', { width: 390, height: 844 })]);
      await recordCallStatus(alice);
      await alice.getByRole('button', { name: 'Video call Bob' }).click();

      const dialog = bob.locator('#incoming');
      await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
      await expect.poll(() => bob.locator('#incoming-caller').textContent(), { timeout: TIMEOUT }).toContain('Alice is calling you');
      await shot(bob, '1a-bob-incoming-call');
      await alice.locator('#call-status', { hasText: 'Ringing Bob' }).waitFor({ timeout: TIMEOUT });
      expect(await statuses(alice)).toContain('Calling Bob…');
      await shot(alice, '1b-alice-ringing');

      await bob.locator('#incoming').getByRole('button', { name: 'Accept' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      await alice.locator('#call-status', { hasText: 'In call with Bob' }).waitFor({ timeout: TIMEOUT });
      await historyTab(alice, 'Bob').click();
      await historyTab(bob, 'Alice').click();
      for (const page of [alice, bob]) await page.locator('#history li[data-status="accepted"]').first().waitFor({ timeout: TIMEOUT });
      await shot(alice, '1c-alice-in-call');
      await shot(bob, '1d-bob-in-call');

      await alice.getByRole('button', { name: 'Hang up' }).click();
      await bob.locator('#call-status', { hasText: 'Call ended' }).waitFor({ timeout: TIMEOUT });
      await bob.close();
      await alice.close();
    },
  );

  it(
    '2. Bob is away: Alice calls, nobody answers; when Bob comes back, the emulated push and his history show the missed call',
    { timeout: 90_000 },
    async () => {
      const alice = await open('alice');
      await alice.getByRole('button', { name: 'Audio call Bob' }).click();
      await alice.locator('#call-status', { hasText: 'No answer from Bob' }).waitFor({ timeout: 30_000 });
      await shot(alice, '2a-alice-no-answer');

      const bob = await open('bob');
      const missed = bob.locator('#pushes li[data-kind="missed_call"]').first();
      await missed.waitFor({ timeout: TIMEOUT });
      expect(await missed.textContent()).toContain('Missed audio call from Alice');
      expect(await bob.locator('#pushes li[data-kind="call_invitation"]').first().textContent()).toContain(
        'Alice is inviting you to an audio call',
      );
      await historyTab(bob, 'Alice').click();
      await bob.locator('#history li[data-status="missed"]').first().waitFor({ timeout: TIMEOUT });
      await shot(bob, '2b-bob-back-missed-call');
      await bob.close();
      await alice.close();
    },
  );

  it('3. Carol calls Bob and cancels: his dialog goes away by itself', { timeout: 90_000 }, async () => {
    const [carol, bob] = await Promise.all([open('carol'), open('bob')]);
    await carol.getByRole('button', { name: 'Video call Bob' }).click();
    const dialog = bob.locator('#incoming');
    await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
    await expect.poll(() => bob.locator('#incoming-caller').textContent(), { timeout: TIMEOUT }).toContain('Carol is calling you');
    await shot(bob, '3a-bob-rung-by-carol');
    await carol.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await carol.locator('#call-status', { hasText: 'Call cancelled' }).waitFor({ timeout: TIMEOUT });
    await shot(bob, '3b-bob-dialog-gone');
    await bob.close();
    await carol.close();
  });

  it('4. Alice calls the group: Bob accepts, Carol declines, and Alice sees both answers', { timeout: 90_000 }, async () => {
    const [alice, bob, carol] = await Promise.all([open('alice'), open('bob'), open('carol')]);
    await alice.getByRole('button', { name: 'Video call the group' }).click();
    for (const page of [bob, carol]) await page.locator('#incoming').waitFor({ state: 'visible', timeout: TIMEOUT });
    await bob.locator('#incoming').getByRole('button', { name: 'Accept' }).click();
    await carol.locator('#incoming').getByRole('button', { name: 'Decline' }).click();

    await alice.locator('#call-callees li[data-callee="bob"]', { hasText: 'accepted' }).waitFor({ timeout: TIMEOUT });
    await alice.locator('#call-callees li[data-callee="carol"]', { hasText: 'declined' }).waitFor({ timeout: TIMEOUT });
    await alice.locator('#call-status', { hasText: 'Group call in progress' }).waitFor({ timeout: TIMEOUT });
    await shot(alice, '4a-alice-group-answers');
    await historyTab(carol, 'Group').click();
    await carol.locator('#history li', { hasText: 'you declined' }).first().waitFor({ timeout: TIMEOUT });
    await shot(carol, '4b-carol-group-history');

    await alice.getByRole('button', { name: 'Hang up' }).click();
    await bob.locator('#call-status', { hasText: 'Call ended' }).waitFor({ timeout: TIMEOUT });
    for (const page of [alice, bob, carol]) await page.close();
  });

  it('5. works from the keyboard alone, and fits a phone screen without sideways scrolling', { timeout: 90_000 }, async () => {
    const [carol, bob] = await Promise.all([open('carol'), open('bob', { width: 360, height: 740 })]);
    const focused = (page: Page) =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    for (let presses = 0; presses < 30 && (await focused(carol)) !== 'Video call Bob'; presses++) await carol.keyboard.press('Tab');
    expect(await focused(carol)).toBe('Video call Bob');
    await carol.keyboard.press('Enter');

    await bob.locator('#incoming').waitFor({ state: 'visible', timeout: TIMEOUT });
    // The dialog takes the focus: Enter answers.
    await expect.poll(() => focused(bob), { timeout: TIMEOUT }).toBe('Accept');
    await bob.keyboard.press('Enter');
    await carol.locator('#call-status', { hasText: 'In call with Bob' }).waitFor({ timeout: TIMEOUT });
    const overflow = await bob.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(bob, '5-bob-phone-in-call-by-keyboard');

    await carol.getByRole('button', { name: 'Hang up' }).focus();
    await carol.keyboard.press('Enter');
    await bob.locator('#call-status', { hasText: 'Call ended' }).waitFor({ timeout: TIMEOUT });
    await bob.close();
    await carol.close();
  });

  it(
    '6. passes an automated accessibility audit (axe-core, WCAG 2.1 A and AA): the main screen, the incoming call, a call in progress',
    { timeout: 90_000 },
    async () => {
      const [alice, bob] = await Promise.all([open('alice'), open('bob', { width: 360, height: 740 })]);
      const found: Record<string, string[]> = { 'main screen (desktop)': await accessibilityViolations(alice) };
      await alice.getByRole('button', { name: 'Audio call Bob' }).click();
      await bob.locator('#incoming').waitFor({ state: 'visible', timeout: TIMEOUT });
      found['incoming call (phone)'] = await accessibilityViolations(bob);
      await bob.locator('#incoming').getByRole('button', { name: 'Accept' }).click();
      await alice.locator('#call-status', { hasText: 'In call with Bob' }).waitFor({ timeout: TIMEOUT });
      found['call in progress (desktop)'] = await accessibilityViolations(alice);
      await shot(alice, '6-alice-in-call-audited');
      expect(found).toEqual({ 'main screen (desktop)': [], 'incoming call (phone)': [], 'call in progress (desktop)': [] });

      await alice.getByRole('button', { name: 'Hang up' }).click();
      await bob.locator('#call-status', { hasText: 'Call ended' }).waitFor({ timeout: TIMEOUT });
      await bob.close();
      await alice.close();
    },
  );

  it('logs no error in any page’s console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
