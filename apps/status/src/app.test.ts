import { describe, expect, it } from 'vitest';
import { json, NOW_MS, postTelemetry, reading, testApp, WRITE_TOKEN } from './test-app.test-util.js';

describe('health', () => {
  it('livez, readyz and healthz answer ok; readyz fails first when shutting down', async () => {
    const { app, lifecycle } = await testApp();
    expect(await json(await app.request('/livez'))).toEqual({ status: 'ok' });
    expect(await json(await app.request('/readyz'))).toEqual({ status: 'ok', store: 'sqlite' });
    expect((await app.request('/healthz')).status).toBe(200);
    lifecycle.shuttingDown = true;
    const draining = await app.request('/readyz');
    expect(draining.status).toBe(503);
    expect(draining.headers.get('content-type')).toBe('application/problem+json');
    expect((await app.request('/livez')).status).toBe(200);
  });

  it('readyz reports a store that does not answer', async () => {
    const { app, store } = await testApp();
    await store.close();
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect((await json(response)).title).toBe('Store unavailable');
  });
});

describe('GET /v1/status', () => {
  it('gives the site, deployment, budget, live figures and alerts', async () => {
    const { app } = await testApp({ AWS_REGION: 'cn-northwest-1', KARST_STACK: 'guiyang' });
    const status = await json(await app.request('/v1/status'));
    expect(status.site).toMatchObject({ id: 'guiyang', name: 'Guiyang', elevationM: 1223.8 });
    expect(status.deployment).toMatchObject({ awsRegion: 'cn-northwest-1', stack: 'guiyang', uptimeS: 0 });
    expect(status.budget.coolingDesign).toBe('indirect-evaporative');
    expect(status.budget.annualPue).toBeGreaterThan(1.1);
    expect(status.budget.currency).toBe('CNY');
    expect(status.live).toMatchObject({ latest: null, livePue: null, readingsStored: 0 });
    expect(status.alerts.map((alert: { id: string }) => alert.id)).toEqual(['no-telemetry']);
    // November in Guiyang (UTC+8): the month began 2026-10-31T16:00Z.
    expect(status.monthToDate).toMatchObject({ month: 11, fromMs: Date.parse('2026-10-31T16:00:00Z') });
  });

  it('moves with posted telemetry: live PUE, month-to-date energy, and the alerts it raises', async () => {
    const { app } = await testApp();
    // Readings every 10 minutes over the last 2 hours at 4,800 kW facility / 4,000 kW IT: PUE 1.2 and,
    // holding each reading until the next (the last one until now), 2 h x 4,800 kW = 9.6 MWh.
    const readings = Array.from({ length: 12 }, (_, i) =>
      reading(120 - i * 10, { facilityPowerKw: 4800, itPowerKw: 4000, inletTemperaturesC: [22, 31.5] }),
    );
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.live.livePue).toBeCloseTo(1.2, 12);
    expect(status.live.readingsStored).toBe(12);
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo((4800 * 2) / 1000, 9);
    expect(status.monthToDate.pue).toBeCloseTo(1.2, 12);
    const alerts = status.alerts.map((alert: { id: string }) => alert.id);
    // 31.5 C inlet is above the recommended envelope's 27 C; 4,800 kW is far above November's budgeted
    // mean of about 3,500 kW.
    expect(alerts).toContain('inlet-out-of-envelope');
    expect(alerts).toContain('over-budget');
    expect(alerts).not.toContain('telemetry-stale');
  });

  it('says when telemetry is stale', async () => {
    const { app } = await testApp();
    await postTelemetry(app, { readings: [reading(60)] });
    const status = await json(await app.request('/v1/status'));
    expect(status.alerts.map((alert: { id: string }) => alert.id)).toContain('telemetry-stale');
  });
});

describe('sites and comparison', () => {
  it('lists every built-in site with the plan’s budget there', async () => {
    const { app } = await testApp();
    const { sites } = await json(await app.request('/v1/sites'));
    expect(sites.map((site: { id: string }) => site.id)).toEqual([
      'guiyang',
      'beijing',
      'shanghai',
      'guangzhou',
      'singapore',
      'ashburn',
    ]);
    expect(sites[0].budget.annual.pue).toBeGreaterThan(1);
  });

  it('gives one site, or a problem naming the unknown id', async () => {
    const { app } = await testApp();
    const site = await json(await app.request('/v1/sites/singapore'));
    expect(site).toMatchObject({ id: 'singapore', awsRegion: 'ap-southeast-1' });
    expect(site.profile.climate.months).toHaveLength(12);
    const missing = await app.request('/v1/sites/atlantis');
    expect(missing.status).toBe(404);
    expect((await json(missing)).errors[0].path).toBe('id');
  });

  it('ranks sites by facility energy, and rejects unknown or malformed lists', async () => {
    const { app } = await testApp();
    const { sites } = await json(await app.request('/v1/compare?sites=singapore,guiyang,beijing'));
    expect(sites.map((row: { rank: number }) => row.rank)).toEqual([1, 2, 3]);
    expect(sites.at(-1).id).toBe('singapore');
    const unknown = await app.request('/v1/compare?sites=guiyang,atlantis');
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).errors[0]).toMatchObject({ path: 'sites' });
    const malformed = await app.request('/v1/compare?sites=Guiyang;DROP');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).errors[0].path).toBe('sites');
  });

  it('compares the three sites `karst compare` does when the query names none (found by a new user)', async () => {
    const { app } = await testApp();
    const response = await app.request('/v1/compare');
    expect(response.status).toBe(200);
    const { sites } = await json(response);
    expect(sites.map((row: { id: string }) => row.id).sort()).toEqual(['beijing', 'guiyang', 'singapore']);
  });

  it("carries each site's plan warnings and whether it fits the cap", async () => {
    const { app } = await testApp();
    const { sites } = await json(await app.request('/v1/compare?sites=guiyang'));
    expect(sites[0]).toMatchObject({ withinCap: true, planWarnings: [] });
  });
});

describe('budgets', () => {
  it('GET gives this deployment’s plan and budget', async () => {
    const { app } = await testApp();
    const { plan, budget } = await json(await app.request('/v1/budget'));
    expect(plan.site).toBe('guiyang');
    expect(budget.months).toHaveLength(12);
  });

  it('POST computes a what-if plan, and names every bad field', async () => {
    const { app } = await testApp();
    const post = (body: unknown) =>
      app.request('/v1/budget', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const whatIf = await json(await post({ site: 'singapore', itPlan: { racks: 100, kwPerRack: 8 } }));
    expect(whatIf.budget.site.id).toBe('singapore');
    expect(whatIf.budget.annual.itEnergyMwh).toBeCloseTo((100 * 8 * 0.6 * 8760) / 1000, 6);

    const bad = await post({ itPlan: { racks: -1, kwPerRack: 'ten' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const paths = (await json(bad)).errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['itPlan.racks', 'itPlan.kwPerRack']));

    const unknownSite = await post({ site: 'atlantis' });
    expect(unknownSite.status).toBe(400);
    expect((await json(unknownSite)).errors[0].path).toBe('site');
  });

  it('POST starts a plan from a preset, the plan’s own fields on top', async () => {
    const { app } = await testApp();
    const post = (body: unknown) =>
      app.request('/v1/budget', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const legacy = await json(await post({ preset: 'legacy-enterprise', itPlan: { racks: 120 } }));
    expect(legacy.plan.preset).toBe('legacy-enterprise');
    expect(legacy.budget.coolingDesign).toBe('chilled-water-wse');
    // The preset's 5 kW racks at 50 % with the plan's 120 racks: 300 kW.
    expect(legacy.plan.itPlan).toMatchObject({ racks: 120, kwPerRack: 5, utilization: 0.5 });
    const unknown = await post({ preset: 'igloo' });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).errors[0].path).toBe('preset');
  });
});

describe('telemetry', () => {
  it('needs the bearer token: 401 without, 403 wrong', async () => {
    const { app } = await testApp();
    const none = await app.request('/v1/telemetry', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ readings: [reading(1)] }),
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await postTelemetry(app, { readings: [reading(1)] }, 'wrong-token-000000000')).status).toBe(403);
    expect((await postTelemetry(app, { readings: [reading(1)] }, WRITE_TOKEN)).status).toBe(200);
  });

  it('is idempotent on (source, timestamp): a retried batch stores nothing twice', async () => {
    const { app } = await testApp();
    const batch = { readings: [reading(3), reading(2), reading(1), reading(1, { source: 'meter-2' })] };
    expect(await json(await postTelemetry(app, batch))).toEqual({
      received: 4,
      inserted: 4,
      duplicates: 0,
    });
    expect(await json(await postTelemetry(app, batch))).toEqual({
      received: 4,
      inserted: 0,
      duplicates: 4,
    });
  });

  it('names the failing field of a bad reading', async () => {
    const { app } = await testApp();
    const response = await postTelemetry(app, { readings: [reading(1), reading(2, { itPowerKw: 5000 })] });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([
      { path: 'readings.1.itPowerKw', message: 'itPowerKw must not exceed facilityPowerKw' },
    ]);
    // Out of range: the range and the unit, not zod's "Too small" (found by a new user).
    const negative = await postTelemetry(app, { readings: [reading(1, { facilityPowerKw: -5 })] });
    expect((await json(negative)).errors).toContainEqual({
      path: 'readings.0.facilityPowerKw',
      message: 'must be from 0 to 10,000,000 kW',
    });
    const badTime = await postTelemetry(app, { readings: [reading(1, { timestamp: 'yesterday' })] });
    expect((await json(badTime)).errors[0].path).toBe('readings.0.timestamp');
  });

  it('refuses outdoor air wetter than saturation: a dew point over the dry bulb by more than 1 K (found by a new user)', async () => {
    const { app } = await testApp();
    const wet = await postTelemetry(app, {
      readings: [reading(1, { outdoorDryBulbC: -30, outdoorDewPointC: 40 })],
    });
    expect(wet.status).toBe(400);
    expect((await json(wet)).errors).toEqual([
      {
        path: 'readings.0.outdoorDewPointC',
        message:
          'outdoorDewPointC must not exceed outdoorDryBulbC (by more than 1 K): air holds no more water than at saturation',
      },
    ]);
    // Fog, and a humidity sensor reading a little over 100 % RH, are air.
    const fog = await postTelemetry(app, {
      readings: [reading(1, { outdoorDryBulbC: 10, outdoorDewPointC: 10.8 })],
    });
    expect(fog.status).toBe(200);
  });

  it('aggregates readings per step with an energy-weighted PUE', async () => {
    const { app } = await testApp();
    await postTelemetry(app, {
      readings: [
        reading(50, { facilityPowerKw: 1200, itPowerKw: 1000 }),
        reading(40, { facilityPowerKw: 1300, itPowerKw: 1000 }),
        reading(10, { facilityPowerKw: 1100, itPowerKw: 1000 }),
      ],
    });
    const from = new Date(NOW_MS - 60 * 60_000).toISOString();
    const to = new Date(NOW_MS).toISOString();
    const result = await json(await app.request(`/v1/telemetry?from=${from}&to=${to}&step=1800`));
    expect(result.readings).toBe(3);
    expect(result.buckets).toHaveLength(2);
    // First half hour: (1200 + 1300) / (1000 + 1000) = 1.25; second: 1100 / 1000 = 1.1.
    expect(result.buckets[0]).toMatchObject({ readings: 2, meanFacilityPowerKw: 1250, pue: 1.25 });
    expect(result.buckets[1]).toMatchObject({ readings: 1, pue: 1.1 });
  });

  it('rejects an inverted range or a step that makes too many buckets', async () => {
    const { app } = await testApp();
    const inverted = await app.request('/v1/telemetry?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect((await json(inverted)).errors[0].path).toBe('to');
    const tooFine = await app.request(
      '/v1/telemetry?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&step=1',
    );
    expect((await json(tooFine)).errors[0].path).toBe('step');
  });
});

describe('metrics, docs and safety', () => {
  it('publishes Prometheus metrics: budget gauges, live figures, readings and request durations', async () => {
    const { app } = await testApp();
    await postTelemetry(app, { readings: [reading(1)] });
    await app.request('/livez');
    const response = await app.request('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toMatch(/^karst_budget_pue_ratio\{site="guiyang"\} 1\.\d+$/m);
    expect(text).toMatch(/^karst_live_pue_ratio\{site="guiyang"\} 1\.2$/m);
    // Base units: 3,600 kW of facility power as watts.
    expect(text).toMatch(/^karst_live_facility_power_watts\{site="guiyang"\} 3600000$/m);
    // prom-client's default process metrics.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^karst_telemetry_readings_stored 1$/m);
    expect(text).toMatch(
      /^karst_http_request_duration_seconds_count\{route="\/livez",method="GET",status="200"\} 1$/m,
    );
  });

  it('describes every route in OpenAPI 3.1 and on an offline docs page', async () => {
    const { app } = await testApp();
    const document = await json(await app.request('/openapi.json'));
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    for (const path of [
      '/livez',
      '/readyz',
      '/healthz',
      '/v1/status',
      '/v1/sites',
      '/v1/sites/{id}',
      '/v1/compare',
      '/v1/budget',
      '/v1/telemetry',
    ]) {
      expect(paths).toContain(path);
    }
    // Every operation: an example of its success response (from the service itself), a schema for it, an
    // example for every parameter and request body, and the problem document on every error.
    type Content = Record<
      string,
      { example?: unknown; schema: { properties?: unknown; $ref?: string; type?: string } }
    >;
    interface Operation {
      responses: Record<string, { content: Content }>;
      parameters?: { name: string; required?: boolean; example?: unknown; schema: { example?: unknown } }[];
      requestBody?: { content: Content };
    }
    for (const [path, methods] of Object.entries(
      document.paths as Record<string, Record<string, Operation>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method} ${path}`;
        const [code, success] = Object.entries(operation.responses).find(([c]) => c.startsWith('2'))!;
        expect(Object.keys(success.content ?? {}).length, `${where} ${code} content`).toBeGreaterThan(0);
        for (const [mediaType, content] of Object.entries(success.content)) {
          expect(content.example, `${where} ${code} ${mediaType} example`).toBeDefined();
          // JSON has its shape; pages, metrics text and files are strings.
          if (mediaType === 'application/json')
            expect(content.schema.properties ?? content.schema.$ref, `${where} schema`).toBeDefined();
          else expect(content.schema.type, `${where} ${mediaType} schema`).toBe('string');
        }
        for (const parameter of (operation.parameters ?? []).filter(
          (p) => p.required || p.schema.example !== undefined,
        ))
          expect(parameter.example ?? parameter.schema.example, `${where} ${parameter.name}`).toBeDefined();
        if (operation.requestBody)
          expect(operation.requestBody.content['application/json']?.example).toBeDefined();
        for (const [status, response] of Object.entries(operation.responses))
          if (Number(status) >= 400)
            expect(response.content['application/problem+json']?.schema.$ref).toBe(
              '#/components/schemas/Problem',
            );
      }
    }
    expect(document.paths['/v1/sites/{id}'].get.responses['200'].content['application/json'].example.id).toBe(
      'guiyang',
    );
  });

  // A route added without an OpenAPI entry fails here: every method and path the app routes (Hono's
  // `app.routes`, parameters as `{name}`) matches an operation of the document. `app.use` middleware is
  // registered as method ALL and is not a route.
  it('has an OpenAPI entry for every route the app serves', async () => {
    const { app } = await testApp();
    const document = await json(await app.request('/openapi.json'));
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    const matches = (template: string, path: string) => {
      const want = template.split('/');
      const got = path.split('/');
      return (
        want.length === got.length &&
        want.every((segment, i) => segment === got[i] || (/^\{\w+\}$/.test(segment) && got[i] !== ''))
      );
    };
    const routes = [
      ...new Set(
        app.routes
          .filter((route) => route.method !== 'ALL')
          .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ];
    expect(routes.length).toBeGreaterThanOrEqual(17);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      expect(
        operations.some((operation) => operation.method === method && matches(operation.path, path)),
        `${route} has no OpenAPI entry`,
      ).toBe(true);
    }
    expect(routes).toEqual(expect.arrayContaining(['GET /', 'GET /metrics', 'GET /docs']));
  });

  it('serves the interactive reference at /docs from its own files, gzipped', async () => {
    const { app } = await testApp();
    const docs = await (await app.request('/docs')).text();
    expect(docs).toContain('<script src="/docs/assets/swagger-ui-bundle.js"></script>');
    expect(docs).toContain('<script src="/docs/assets/init.js"></script>');
    // No CDN, no other host: every URL the page names is this service's own.
    expect(docs).not.toMatch(/(src|href)="(?!\/|data:)/);
    const bundle = await app.request('/docs/assets/swagger-ui-bundle.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const plain = await app.request('/docs/assets/swagger-ui.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('.swagger-ui');
    expect((await app.request('/docs/assets/package.json')).status).toBe(404);
    expect((await app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('sets secure headers and a request id on every response', async () => {
    const { app } = await testApp();
    const response = await app.request('/v1/sites/nowhere');
    expect(response.headers.get('x-request-id')).toMatch(/\S+/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 413 to a body over the limit, 400 to malformed JSON, 404 as a problem', async () => {
    const { app } = await testApp({ KARST_BODY_LIMIT_BYTES: '2048' });
    const big = await postTelemetry(app, { readings: Array.from({ length: 50 }, (_, i) => reading(i)) });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('application/problem+json');
    const malformed = await app.request('/v1/budget', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"itPlan": ',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).title).toBe('Invalid request');
    const missing = await app.request('/nowhere');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('allows configured CORS origins only', async () => {
    const { app } = await testApp({ KARST_CORS_ORIGINS: 'https://ops.example.com' });
    const allowed = await app.request('/livez', { headers: { origin: 'https://ops.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    const other = await app.request('/livez', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET / (dashboard)', () => {
  it('renders the budget, the site comparison and live telemetry, with no script and no outside asset', async () => {
    const { app } = await testApp();
    await postTelemetry(app, { readings: [reading(30), reading(20), reading(10)] });
    const response = await app.request('/');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('Karst status: Guiyang');
    expect(page.match(/data-series="site"/g)).toHaveLength(6);
    expect(page.match(/data-series="pue"/g)).toHaveLength(12);
    expect(page.match(/data-series="facility-power"/g)).toHaveLength(3);
    expect(page).not.toMatch(/<script|src="http|href="http/);
  });
});
