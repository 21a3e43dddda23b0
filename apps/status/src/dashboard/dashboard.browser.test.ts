import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDashboardModel } from './dashboard-fixture.js';
import { renderDashboard } from './render-dashboard.js';

// Debian's chromium by default; KARST_CHROMIUM_PATH names another Chromium build (e.g. a CI image's Chrome).
const CHROMIUM_PATH = process.env.KARST_CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM_PATH);

// CI installs chromium (.ci/run), so there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.CI)
  throw new Error(`CI needs ${CHROMIUM_PATH} for the dashboard browser test`);
const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'dashboard in a real browser (Chromium)'
    : `dashboard in a real browser: SKIPPED, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  () => {
    const model = sampleDashboardModel();
    const requests: string[] = [];
    const pageErrors: string[] = [];
    let server: ServerType | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let baseUrl: string;

    beforeAll(async () => {
      const app = new Hono().get('/', (c) => c.html(renderDashboard(model)));
      const port = await new Promise<number>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
      });
      baseUrl = `http://127.0.0.1:${port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('request', (request) => requests.push(request.url()));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const response = await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('titles the page with the site and shows every section', async () => {
      expect(await page.title()).toBe('Karst status: Guiyang');
      for (const id of ['site', 'alerts', 'summary', 'live', 'pue', 'modes', 'comparison']) {
        await expect(page.locator(`#${id}`).isVisible()).resolves.toBe(true);
      }
      expect(await page.locator('[data-alert]').count()).toBe(model.alerts.length);
      expect(await page.locator('[data-tile="live-pue"]').count()).toBe(1);
    });

    it('draws one PUE bar per month', async () => {
      const bars = page.locator('svg[data-chart="monthly-pue"] rect[data-series="pue"]');
      expect(await bars.count()).toBe(12);
      // Rendered, not merely present: every bar has a real height on screen.
      for (const box of await bars.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))) {
        expect(box).toBeGreaterThan(0);
      }
    });

    it('stacks one segment per (month, mode) pair with hours', async () => {
      const expected = model.budget.months
        .map((month) => ({ month: month.month, hours: month.modeHours }))
        .reduce((sum, { hours }) => sum + Object.values(hours).filter((h) => (h ?? 0) > 0).length, 0);
      expect(expected).toBeGreaterThan(12);
      const segments = page.locator('svg[data-chart="mode-hours"] rect[data-series^="mode:"]');
      expect(await segments.count()).toBe(expected);
      const hours = await segments.evaluateAll((els) =>
        els.map((el) => Number(el.getAttribute('data-hours'))),
      );
      expect(hours.reduce((a, b) => a + b, 0)).toBe(8760);
    });

    it('draws one comparison bar per site, best first', async () => {
      const bars = page.locator('svg[data-chart="site-comparison"] rect[data-series="site"]');
      expect(await bars.count()).toBe(model.comparison.length);
      const order = await bars.evaluateAll((els) => els.map((el) => el.getAttribute('data-site')));
      const best = [...model.comparison].sort((a, b) => a.pue - b.pue).map((s) => s.id);
      expect(order).toEqual(best);
    });

    it('draws the live power line with every sample and the budget', async () => {
      const chart = page.locator('svg[data-chart="live-power"]');
      expect(await chart.locator('[data-series="facility-power"]').count()).toBe(model.live.points.length);
      expect(await chart.locator('[data-series="budget"]').count()).toBe(1);
    });

    it('loads nothing beyond loopback and runs no script', async () => {
      expect(requests.length).toBeGreaterThan(0);
      for (const url of requests) expect(url.startsWith('http://127.0.0.1')).toBe(true);
      expect(await page.locator('script').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    });

    it('takes a full-page screenshot', async () => {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const path = `${ARTIFACTS_DIR}dashboard.png`;
      const png = await page.screenshot({ path, fullPage: true });
      expect(png.byteLength).toBeGreaterThan(10_000);
    });
  },
);
