// Opens a generated report.html in headless Chromium (Debian's `chromium` package, driven by playwright-core) and
// checks what a reader sees. Without a Chromium binary the run says so (a skipped test naming what is missing);
// with CI=true (as .ci/run sets) a missing Chromium is a failure, so CI never passes without these checks.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write.js';
import { HOSTILE_NAME, sampleReport } from '../report/sample-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const MISSING = `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!found) console.warn(`report-browser.test.ts: ${inCi ? 'FAILED' : 'SKIPPED'}: ${MISSING}.`);

if (!found) {
  describe('Chromium for the report checks', () => {
    // The checks below are then skipped; this names why in the run's output, and fails in CI.
    if (inCi) it(`is installed (CI=true): ${MISSING}`, () => expect.fail(`${MISSING}; CI must run the report checks in a browser`));
    else it.skip(`is missing, the report checks are SKIPPED: ${MISSING}`, () => {});
  });
}

describe.skipIf(!found)('report.html in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chat-import-report-'));
    const report = sampleReport();
    report.verify = {
      differences: 1,
      spaces: [{ conversation: 'random', space: 'spaces/BBBB', expected: 2, found: 1, missing: ['client-gone'], extra: [], wrongSender: [], wrongThread: [], wrongCreateTime: [] }],
    };
    const { html } = await writeReport(report, join(dir, 'out'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      offline: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(pathToFileURL(html).href);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads nothing but the file itself, and runs nothing from the export', async () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*\/report\.html$/);
    expect(consoleErrors).toEqual([]);
    expect(await page.title()).toBe('chat-import report — 2024-06-01T10:00:00.000Z');
    expect(await page.locator('script, img').count()).toBe(0);
  });

  it('shows the status, the totals and the duration', async () => {
    await expect.poll(() => page.locator('#summary .status').innerText()).toBe('Verify found 1 difference');
    const cards = await page.locator('#totals .card').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).innerText.replace(/\s+/g, ' ')));
    expect(cards).toEqual(['3 spaces', '9 messages planned', '6 messages written', '4 messages written this run', '1 skipped', '1 fallbacks', '2 retries this run', '1 429s', '1 failures', '0 blocking problems', '2m05s duration of this run']);
    expect(await page.locator('#summary dd').nth(4).innerText()).toBe('2m05s');
  });

  it('shows a row per space, the hostile name as plain text', async () => {
    const cells = (row: number) => page.locator('#spaces tbody tr').nth(row).locator('td').allInnerTexts();
    expect(await page.locator('#spaces tbody tr').count()).toBe(3);
    expect(await cells(0)).toEqual(['general', 'channel', 'spaces/AAAA', '4 / 6', '0', '1 / 1', '0 / 0', '0 / 0', '0 / 0', 'channel_topic 1', 'author_no_email 1', '2', '1', '0']);
    expect((await cells(2))[0]).toBe(HOSTILE_NAME);
    await expect.poll(() => page.locator('#spaces tbody tr').nth(2).isVisible()).toBe(true);
  });

  it('lists the problems with file and record', async () => {
    const row = page.locator('#problems tbody tr', { hasText: 'channel_topic' });
    expect(await row.locator('td').allInnerTexts()).toEqual(['skip', 'general', 'general/2024-01-15.json record 7', 'channel_topic', 'channel_topic messages are not imported']);
    expect(await row.isVisible()).toBe(true);
  });

  it('draws one bar group per month, with visible bars where there were messages', async () => {
    const months = page.locator('#chart svg g.month');
    expect(await months.evaluateAll((groups) => groups.map((g) => g.getAttribute('data-month')))).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    // Bars (after each group's hover area) have a real size on screen; March has none.
    const barHeights = await months.evaluateAll((groups) =>
      groups.map((g) => [...g.querySelectorAll('rect:not(.hit)')].map((r) => Math.round(r.getBoundingClientRect().height))),
    );
    expect(barHeights.map((bars) => bars.length)).toEqual([1, 2, 0, 2]);
    expect(barHeights.flat().every((h) => h > 0)).toBe(true);
    // Stacks are proportional: February (3 messages) is 1.5 × January (2 messages).
    const stack = barHeights.map((bars) => bars.reduce((a, b) => a + b, 0));
    expect(Math.abs((stack[1] as number) / (stack[0] as number) - 1.5)).toBeLessThan(0.05);
    expect((await page.locator('#chart .legend li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['general 5', 'random 2', `${HOSTILE_NAME} 1`]);
    expect(await page.locator('#chart svg').isVisible()).toBe(true);
  });

  it('shows the verify differences', async () => {
    const row = page.locator('#verify tbody tr').first();
    expect((await row.locator('td').allInnerTexts()).slice(0, 9)).toEqual(['random', 'spaces/BBBB', '2', '1', '1', '0', '0', '0', '0']);
    await row.locator('summary').click();
    expect(await row.locator('li').innerText()).toBe('client-gone');
  });
});
