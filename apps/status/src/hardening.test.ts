// Findings of the 2026-11-30 attack on the service (issue 14), each as the request that found it.
import { gunzipSync } from 'node:zlib';
import { ValidationError } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { BudgetService } from './budget-service.js';
import { serviceConfigFromEnv, serviceConfigSchema } from './config.js';
import { MAX_PROBLEM_ERRORS } from './http/problem.js';
import { runtimeFromEnv } from './runtime.js';
import { storeConfigFromEnv } from './store/open-store.js';
import { createSqliteStore } from './store/sqlite-store.js';
import type { TelemetryStore } from './store/telemetry-store.js';
import { json, NOW_MS, postTelemetry, reading, testApp, WRITE_TOKEN } from './test-app.test-util.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];

function postBudget(app: App, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/v1/budget', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function problemOf(response: Response, status = 400) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return json(response);
}

describe('POST /v1/budget: the what-if cache', () => {
  it('is bounded by bytes, not entries: a budget larger than the bound is served and not kept', async () => {
    const budgets = new BudgetService({}, 1_000_000);
    const small = budgets.whatIfBody(
      (await import('@karst/energy')).planSchema.parse({ itPlan: { racks: 10, kwPerRack: 5 } }),
    );
    const held = budgets.whatIfCacheBytes;
    // Keys and bodies count 2 bytes per UTF-16 character.
    expect(held).toBeGreaterThanOrEqual(2 * small.length);
    // With hourly series the body is over a megabyte of text: more than the whole bound.
    const hourly = budgets.whatIfBody(
      (await import('@karst/energy')).planSchema.parse({
        itPlan: { racks: 11, kwPerRack: 5 },
        includeHourly: true,
      }),
    );
    expect(hourly.length).toBeGreaterThan(1_000_000);
    expect(budgets.whatIfCacheBytes).toBeLessThanOrEqual(1_000_000);
    expect(budgets.whatIfCacheBytes).toBe(held);
  }, 60_000); // two budgets at up to 650 ms each on a busy CI machine

  it('answers a repeated plan with the cached serialized body, byte for byte', async () => {
    const { app } = await testApp();
    const plan = { itPlan: { racks: 12, kwPerRack: 5 } };
    const first = await postBudget(app, plan);
    const second = await postBudget(app, plan);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await second.text()).toBe(await first.text());
  }, 60_000);

  it('compresses a large budget for a client that accepts gzip', async () => {
    const { app } = await testApp();
    const response = await postBudget(app, { includeHourly: true }, { 'accept-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const compressed = Buffer.from(await response.arrayBuffer());
    const text = gunzipSync(compressed).toString('utf8');
    // 22 bytes of plan gave 1.35 MB of uncompressed JSON; gzip takes it to well under half (~0.36).
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(compressed.length).toBeLessThan(text.length / 2);
    expect(JSON.parse(text).budget.hourly).toBeDefined();
  }, 60_000);

  it('answers an ingest uncompressed (a 50-byte reply), and still compresses a large telemetry read', async () => {
    const { app } = await testApp();
    const ingest = await app.request('/v1/telemetry', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${WRITE_TOKEN}`,
        'accept-encoding': 'gzip, deflate',
      },
      body: JSON.stringify({ readings: [reading(30), reading(0)] }),
    });
    expect(ingest.status).toBe(200);
    expect(ingest.headers.get('content-encoding')).toBeNull();
    expect(await ingest.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    // 7 days at 1 h: 168 buckets of ~300 bytes each, over the 8 KiB threshold.
    const read = await app.request('/v1/telemetry?from=2026-11-21T04:00:00Z&to=2026-11-28T04:00:00Z', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-encoding')).toBe('gzip');
    expect(
      JSON.parse(gunzipSync(Buffer.from(await read.arrayBuffer())).toString('utf8')).buckets,
    ).toHaveLength(168);
  });

  it('limits what-if budgets per client: the next one gets a 429 problem with retry-after', async () => {
    const { app } = await testApp({ KARST_BUDGET_RATE_PER_MIN: '2' });
    const plan = { itPlan: { racks: 13, kwPerRack: 5 } };
    expect((await postBudget(app, plan)).status).toBe(200);
    expect((await postBudget(app, plan)).status).toBe(200);
    const limited = await postBudget(app, plan);
    const body = await problemOf(limited, 429);
    expect(body.detail).toContain('at most 2 what-if budgets per minute');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reads are not limited.
    expect((await app.request('/v1/budget')).status).toBe(200);
  }, 60_000);
});

describe('POST /v1/budget: bad plans get a 400 naming the field', () => {
  it('refuses unknown keys with the key they most likely meant', async () => {
    const { app } = await testApp();
    const body = await problemOf(
      await postBudget(app, {
        hydroShare: 0.5,
        itPlan: { racks: 10, kwPerRack: 10, utilisation: 0.5 },
        cooling: { type: 'indirect-evaporative', supplyAirSetpiontC: 22 },
      }),
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'itPlan', message: 'unknown key "utilisation" (did you mean "utilization"?)' },
        { path: 'cooling', message: 'unknown key "supplyAirSetpiontC" (did you mean "supplyAirSetpointC"?)' },
        { path: '(body)', message: 'unknown key "hydroShare" (did you mean "carbon.hydroContractShare"?)' },
      ]),
    );
  });

  it.each([
    ['itPlan.racks', { itPlan: { racks: Number.MAX_SAFE_INTEGER, kwPerRack: 10 } }],
    ['gridConnection.capKw', { gridConnection: { capKw: 1e308 } }],
    ['itPlan.hourlyProfile', { itPlan: { racks: 10, kwPerRack: 10, hourlyProfile: new Array(24).fill(0) } }],
    ['site.name', { site: { name: 'x'.repeat(900_000) } }],
  ])('names %s', async (path, plan) => {
    const { app } = await testApp();
    const body = await problemOf(await postBudget(app, plan));
    expect(body.errors.map((error: { path: string }) => error.path)).toContain(
      path === 'site.name' ? 'site' : path,
    );
  });

  it('answers 150,000 invalid hourly-profile items with one short problem, not a 500', async () => {
    const { app } = await testApp();
    const hourlyProfile = new Array(150_000).fill('x');
    const body = await problemOf(
      await postBudget(app, { itPlan: { racks: 10, kwPerRack: 10, hourlyProfile } }),
    );
    expect(body.errors).toEqual([
      {
        path: 'itPlan.hourlyProfile',
        message: 'must hold 24 values (by hour of day) or 8,760 (by hour of year)',
      },
    ]);
  });
});

describe('POST /v1/telemetry: bad batches get a 400 naming the field', () => {
  it.each(['1969-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2286-11-21T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'timestamp %s',
    async (timestamp) => {
      const { app } = await testApp();
      const body = await problemOf(
        await postTelemetry(app, { readings: [reading(1), reading(0, { timestamp })] }),
      );
      expect(body.errors.map((error: { path: string }) => error.path)).toEqual(['readings.1.timestamp']);
    },
  );

  it('refuses sub-millisecond timestamps that would collide with their millisecond', async () => {
    const { app } = await testApp();
    const body = await problemOf(
      await postTelemetry(app, {
        readings: [
          reading(0, { timestamp: '2026-11-28T03:00:00.123Z' }),
          reading(0, { timestamp: '2026-11-28T03:00:00.1234Z' }),
        ],
      }),
    );
    expect(body.errors).toEqual([
      {
        path: 'readings.1.timestamp',
        message: 'must have at most millisecond precision (3 digits after the seconds)',
      },
    ]);
    // Trailing zeros say nothing finer, and are accepted.
    const ok = await postTelemetry(app, {
      readings: [reading(0, { timestamp: '2026-11-28T03:00:00.1230Z' })],
    });
    expect(ok.status).toBe(200);
  });

  it('refuses two readings with one (source, timestamp) and different values; identical repeats pass', async () => {
    const { app, store } = await testApp();
    const body = await problemOf(
      await postTelemetry(app, { readings: [reading(5), reading(5, { facilityPowerKw: 3700 })] }),
    );
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toBe('readings.1.timestamp');
    expect(body.errors[0].message).toContain('same source and timestamp as readings.0');
    expect(await store.count()).toBe(0);
    const repeat = await json(await postTelemetry(app, { readings: [reading(5), reading(5)] }));
    expect(repeat).toEqual({ received: 2, inserted: 1, duplicates: 1 });
  });

  it(`lists at most ${MAX_PROBLEM_ERRORS} errors, and says how many there were`, async () => {
    const { app } = await testApp();
    const readings = Array.from({ length: 100 }, (_, i) =>
      reading(i, { inletTemperaturesC: new Array(1000).fill(999) }),
    );
    const response = await postTelemetry(app, { readings });
    const text = await response.clone().text();
    const body = await problemOf(response);
    expect(body.errors).toHaveLength(MAX_PROBLEM_ERRORS);
    expect(body.detail).toBe(`100000 errors; the first ${MAX_PROBLEM_ERRORS} are listed`);
    expect(text.length).toBeLessThan(10_000);
  });
});

describe('readiness', () => {
  it('fails while the last write failed, and recovers when a write succeeds', async () => {
    const inner = await createSqliteStore({ path: ':memory:' });
    let failWrites = true;
    const store: TelemetryStore = {
      ...inner,
      kind: inner.kind,
      insert: (readings) =>
        failWrites
          ? Promise.reject(
              Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
            )
          : inner.insert(readings),
    };
    const config = serviceConfigSchema.parse({
      KARST_WRITE_TOKEN: WRITE_TOKEN,
      KARST_BUDGET_RATE_PER_MIN: '0',
    });
    const app = createApp({ store, budgets: new BudgetService({}), clock: () => NOW_MS, config });
    expect((await app.request('/readyz')).status).toBe(200);
    expect((await postTelemetry(app, { readings: [reading(1)] })).status).toBe(500);
    const notReady = await problemOf(await app.request('/readyz'), 503);
    expect(notReady.detail).toContain(
      'the last write to the sqlite store failed: attempt to write a readonly database',
    );
    failWrites = false;
    expect((await postTelemetry(app, { readings: [reading(1)] })).status).toBe(200);
    expect((await app.request('/readyz')).status).toBe(200);
  }, 60_000);
});

describe('configuration', () => {
  it('trims the write token as clients’ tokens are trimmed, and refuses a weak one', async () => {
    const issue = (token: string) => {
      try {
        serviceConfigFromEnv({ KARST_WRITE_TOKEN: token });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
      return [];
    };
    expect(issue(' '.repeat(16))[0]).toMatchObject({ path: 'KARST_WRITE_TOKEN' });
    expect(issue('aaaaaaaaaaaaaaaaaaaa')[0]).toMatchObject({
      path: 'KARST_WRITE_TOKEN',
      message: expect.stringContaining('too weak'),
    });
    expect(issue('abcd efgh ijkl mnop')[0]).toMatchObject({ message: 'must not contain whitespace' });
    const config = serviceConfigFromEnv({ KARST_WRITE_TOKEN: `  ${WRITE_TOKEN}\n` });
    expect(config.KARST_WRITE_TOKEN).toBe(WRITE_TOKEN);
    const app = createApp({
      store: await createSqliteStore({ path: ':memory:' }),
      budgets: new BudgetService({}),
      clock: () => NOW_MS,
      config,
    });
    expect((await postTelemetry(app, { readings: [reading(1)] })).status).toBe(200);
  }, 60_000);

  it('bounds the length of every string variable', () => {
    const long = 'x'.repeat(5000);
    for (const name of [
      'HOST',
      'KARST_SITE',
      'KARST_CORS_ORIGINS',
      'AWS_REGION',
      'KARST_STACK',
      'KARST_VERSION',
    ] as const) {
      const value = name === 'KARST_CORS_ORIGINS' ? 'x'.repeat(9000) : long;
      expect(() => serviceConfigFromEnv({ [name]: value }), name).toThrow(new RegExp(`${name}: `));
    }
    expect(() => storeConfigFromEnv({ KARST_DATA_PATH: long })).toThrow(
      /KARST_DATA_PATH: must be at most 4096/,
    );
  });

  it('refuses unknown keys in KARST_PLAN_JSON, naming the variable and the key meant', async () => {
    const start = runtimeFromEnv(
      {
        KARST_STORE: 'sqlite',
        KARST_DATA_PATH: ':memory:',
        KARST_PLAN_JSON: '{"itPlan":{"racks":10,"kwPerRack":10,"utilisation":0.5}}',
      },
      { generateWriteToken: false },
    );
    await expect(start).rejects.toBeInstanceOf(ValidationError);
    await expect(start).rejects.toMatchObject({
      issues: [
        {
          path: 'KARST_PLAN_JSON.itPlan',
          message: 'unknown key "utilisation" (did you mean "utilization"?)',
        },
      ],
    });
  });
});

describe('POST /v1/telemetry: a misspelled field gets the field it most likely meant', () => {
  it('answers facilityPowerKW with facilityPowerKw (found by a new user)', async () => {
    const { app } = await testApp();
    const response = await app.request('/v1/telemetry', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` },
      body: JSON.stringify({ readings: [{ timestamp: '2026-11-28T12:00:00Z', facilityPowerKW: 3600 }] }),
    });
    const body = await problemOf(response);
    expect(body.errors).toContainEqual({
      path: 'readings.0',
      message: 'unknown key "facilityPowerKW" (did you mean "facilityPowerKw"?)',
    });
  });
});

describe('GET /v1/telemetry: a bad range gets a 400 naming the field, with its format or unit', () => {
  // Found by a new user (2026-12-02): no query gave "expected string, received undefined" and
  // step=1m gave "expected number, received NaN", saying neither that from/to are required nor the unit.
  it.each([
    ['', 'from', 'required: the range start, ISO 8601 with an offset (2026-11-01T00:00:00Z)'],
    [
      '?from=2026-11-01T00:00:00Z',
      'to',
      'required: the range end, ISO 8601 with an offset (2026-11-02T00:00:00Z)',
    ],
    [
      '?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&step=1m',
      'step',
      'must be a whole number of seconds (3600 for hours)',
    ],
    ['?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&step=0', 'step', 'must be at least 1 s'],
    // Given but not an instant: not "required" (found by a new user with from=yesterday&to=now).
    [
      '?from=yesterday&to=2026-11-02T00:00:00Z',
      'from',
      '"yesterday" is not an instant: the range start, ISO 8601 with an offset (2026-11-01T00:00:00Z)',
    ],
  ])('%s', async (query, path, message) => {
    const { app } = await testApp();
    const body = await problemOf(await app.request(`/v1/telemetry${query}`));
    expect(body.errors).toContainEqual({ path, message });
  });
});
