import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json, reading, testApp, WRITE_TOKEN } from './test-app.test-util.js';

type TestApp = Awaited<ReturnType<typeof testApp>>['app'];
type RequestBody = string | Uint8Array;

/** Every answer to a hostile request: never a 5xx, and every 4xx a problem document naming what failed. */
async function expectHandled(response: Response, what: string): Promise<void> {
  expect(response.status, what).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get('content-type'), what).toBe('application/problem+json');
    const body = await json(response);
    expect(body.status, what).toBe(response.status);
    expect(typeof body.title, what).toBe('string');
  }
}

function post(app: TestApp, path: string, body: RequestBody, contentType = 'application/json') {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${WRITE_TOKEN}` },
    body,
  });
}

// Values that break naive code: huge and tiny numbers, unicode, nesting, wrong types in the right places.
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.constantFrom(
    1e308,
    -1e308,
    5e-324,
    -0,
    2 ** 53 + 1,
    '',
    '\u0000',
    '𝔊𝔲𝔦𝔶𝔞𝔫𝔤',
    '<script>',
    'NaN',
    'Infinity',
  ),
);
const deepNesting = fc.integer({ min: 50, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const mutatedPlan = fc.record(
  {
    site: fc.oneof(fc.constantFrom('guiyang', 'singapore', 'atlantis'), hostileValue),
    itPlan: fc.oneof(
      fc.record(
        { racks: hostileValue, kwPerRack: hostileValue, utilization: hostileValue },
        { requiredKeys: [] },
      ),
      hostileValue,
    ),
    cooling: fc.oneof(
      fc.record(
        { type: fc.constantFrom('free-air', 'mechanical', 'x'), supplyAirSetpointC: hostileValue },
        { requiredKeys: [] },
      ),
      hostileValue,
    ),
    gridConnection: fc.oneof(fc.record({ capKw: hostileValue }), hostileValue),
    carbon: fc.oneof(fc.record({ hydroContractShare: hostileValue }), hostileValue),
  },
  { requiredKeys: [] },
);
const mutatedReading = fc.record(
  {
    source: fc.oneof(fc.constantFrom('meter-1', 'a/b:c'), hostileValue),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      hostileValue,
    ),
    facilityPowerKw: fc.oneof(fc.double({ noNaN: true }), hostileValue),
    itPowerKw: fc.oneof(fc.double({ noNaN: true }), hostileValue),
    outdoorDryBulbC: fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), hostileValue),
    outdoorDewPointC: fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), hostileValue),
    inletTemperaturesC: fc.oneof(fc.array(fc.double({ noNaN: true }), { maxLength: 5 }), hostileValue),
  },
  { requiredKeys: [] },
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('2026-11-01T00:00:00Z', '1', '-1', '1e309', 'guiyang,beijing'),
);

describe('fuzzing every request body and query', () => {
  it('POST /v1/budget: no 5xx, every 4xx a problem (1,500 cases)', async () => {
    const { app } = await testApp();
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedPlan, hostileValue), async (body) => {
        await expectHandled(await post(app, '/v1/budget', JSON.stringify(body)), JSON.stringify(body));
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('POST /v1/telemetry: no 5xx, every 4xx a problem, nothing stored by a rejected batch (1,500 cases)', async () => {
    const { app, store } = await testApp();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ readings: fc.array(mutatedReading, { maxLength: 5 }) }),
          fc.record({ readings: hostileValue }),
          hostileValue,
        ),
        async (body) => {
          const before = await store.count();
          const response = await post(app, '/v1/telemetry', JSON.stringify(body));
          await expectHandled(response, JSON.stringify(body));
          if (response.status !== 200) expect(await store.count()).toBe(before);
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('queries and path parameters: no 5xx, every 4xx a problem (1,500 cases)', async () => {
    const { app } = await testApp();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/telemetry', '/v1/compare', '/v1/sites/'),
        fc.dictionary(fc.constantFrom('from', 'to', 'step', 'sites', 'x'), queryValue),
        fc.string({ maxLength: 30 }),
        async (path, query, segment) => {
          const url = path.endsWith('/')
            ? `${path}${encodeURIComponent(segment)}`
            : `${path}?${new URLSearchParams(query).toString()}`;
          await expectHandled(await app.request(url), url);
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('malformed bodies: deep nesting, invalid UTF-8, wrong content types, oversized (500 cases)', async () => {
    const { app, store } = await testApp({ KARST_BODY_LIMIT_BYTES: '65536' });
    await post(app, '/v1/telemetry', JSON.stringify({ readings: [reading(1)] }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          deepNesting.map((text) => ({ body: text as RequestBody, type: 'application/json' })),
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
            body: Uint8Array.from([0xff, 0xfe, ...bytes]) as RequestBody,
            type: 'application/json',
          })),
          fc.string().map((text) => ({ body: text as RequestBody, type: 'text/plain' })),
          fc.integer({ min: 65_537, max: 200_000 }).map((size) => ({
            body: `{"readings":"${'x'.repeat(size)}"}` as RequestBody,
            type: 'application/json',
          })),
        ),
        fc.constantFrom('/v1/budget', '/v1/telemetry'),
        async ({ body, type }, path) => {
          await expectHandled(await post(app, path, body, type), `${path} ${type}`);
        },
      ),
      { numRuns: 500 },
    );
    // Nothing already stored changed.
    expect(await store.count()).toBe(1);
  }, 120_000);
});
