import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-app.test-util.js';

// Debian's chromium by default; KARST_CHROMIUM_PATH names another Chromium build (e.g. a CI image's Chrome).
const CHROMIUM_PATH = process.env.KARST_CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM_PATH);

// CI installs chromium (.ci/run), so there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM_PATH} for the /docs browser test`);
const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe.skipIf(!hasChromium)(
  hasChromium
    ? '/docs in a real browser (Chromium): the interactive API reference'
    : `/docs in a real browser: SKIPPED, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  () => {
    const requests: string[] = [];
    const pageErrors: string[] = [];
    let server: ServerType | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let baseUrl: string;
    let operations: { method: string; path: string }[] = [];

    // The real app (with its secure headers and CSP) behind the Node adapter, as `npm start` serves it.
    beforeAll(async () => {
      const { app } = await testApp();
      const document = (await (await app.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method, path })),
      );
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
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      const response = await page.goto(`${baseUrl}/docs`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      // Swagger UI renders after it has fetched /openapi.json; the test bound (vitest.shared.ts) stops a hang.
      await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 0 });
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('shows every route of the OpenAPI document, with its method', async () => {
      expect(operations.length).toBeGreaterThanOrEqual(11);
      const shown = await page
        .locator('.opblock')
        .evaluateAll((blocks) =>
          blocks.map(
            (block) =>
              `${block.querySelector('.opblock-summary-method')?.textContent?.toLowerCase()} ${block
                .querySelector('.opblock-summary-path')
                ?.getAttribute('data-path')}`,
          ),
        );
      expect(shown.sort()).toEqual(operations.map(({ method, path }) => `${method} ${path}`).sort());
      // The routes that answer other than JSON are listed too (app.test.ts: every route has an entry).
      expect(shown).toEqual(
        expect.arrayContaining(['get /', 'get /metrics', 'get /docs', 'get /openapi.json']),
      );
    });

    it('opens a route with its parameters, an example response and "Try it out"', async () => {
      const block = page.locator('.opblock', { has: page.locator('[data-path="/v1/sites/{id}"]') });
      await block.locator('.opblock-summary').click();
      // The opened block renders after the click: wait for it (the test's own timeout bounds the wait).
      await block
        .locator('.parameters [data-param-name="id"]')
        .first()
        .waitFor({ state: 'attached', timeout: 0 });
      await expect(block.locator('.parameters [data-param-name="id"]').count()).resolves.toBe(1);
      await expect(block.locator('.try-out__btn, .btn.try-out__btn').count()).resolves.toBeGreaterThan(0);
      // The 200 response's example, taken from this service: the Guiyang site.
      const example = await block
        .locator('.responses-wrapper .microlight, .responses-wrapper pre')
        .first()
        .textContent();
      expect(example).toContain('"guiyang"');
    });

    it('sends a request from the page ("Try it out") and shows the answer', async () => {
      const block = page.locator('.opblock', { has: page.locator('[data-path="/v1/sites/{id}"]') });
      // "Try it out" is on from the start (tryItOutEnabled): the route is open from the test before.
      await block.locator('.btn.execute').click();
      const status = block.locator('.live-responses-table tr.response .response-col_status').first();
      await status.waitFor({ state: 'visible', timeout: 0 });
      expect((await status.textContent())?.trim()).toBe('200');
    });

    it('loads only its own files (no CDN) and runs without errors under the CSP', async () => {
      expect(requests.some((url) => url.endsWith('/docs/assets/swagger-ui-bundle.js'))).toBe(true);
      expect(requests.some((url) => url.endsWith('/openapi.json'))).toBe(true);
      for (const url of requests) expect(url.startsWith(baseUrl) || url.startsWith('data:')).toBe(true);
      expect(pageErrors).toEqual([]);
    });

    it('takes a screenshot', async () => {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const png = await page.screenshot({ path: `${ARTIFACTS_DIR}docs.png`, fullPage: false });
      expect(png.byteLength).toBeGreaterThan(10_000);
    });
  },
);
