import { createApp } from './app.js';
import { BudgetService } from './budget-service.js';
import { serviceConfigSchema } from './config.js';
import { createSqliteStore } from './store/sqlite-store.js';

export const WRITE_TOKEN = 'test-token-0123456789abcdef';
/** 2026-11-28T04:00:00Z = 12:00 in Guiyang (UTC+8). */
export const NOW_MS = Date.parse('2026-11-28T04:00:00Z');

let sharedBudgets: BudgetService | undefined;

/** An app on an in-memory SQLite store with a fixed clock; the budget is computed once per test file. */
export async function testApp(env: Record<string, string> = {}, clock = () => NOW_MS) {
  sharedBudgets ??= new BudgetService({});
  const store = await createSqliteStore({ path: ':memory:' });
  // No what-if rate limit unless a test sets one: app.request() has no client address, so every request
  // would share one client's allowance.
  const config = serviceConfigSchema.parse({
    KARST_WRITE_TOKEN: WRITE_TOKEN,
    KARST_BUDGET_RATE_PER_MIN: '0',
    ...env,
  });
  const lifecycle = { shuttingDown: false };
  const app = createApp({ store, budgets: sharedBudgets, clock, config, lifecycle });
  return { app, store, lifecycle };
}

export function postTelemetry(
  app: Awaited<ReturnType<typeof testApp>>['app'],
  body: unknown,
  token = WRITE_TOKEN,
) {
  return app.request('/v1/telemetry', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

export function reading(minutesAgo: number, overrides: Record<string, unknown> = {}) {
  return {
    source: 'meter-1',
    timestamp: new Date(NOW_MS - minutesAgo * 60_000).toISOString(),
    facilityPowerKw: 3600,
    itPowerKw: 3000,
    outdoorDryBulbC: 12,
    outdoorDewPointC: 5,
    ...overrides,
  };
}

/** A response's JSON body, for assertions that walk it freely. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on untyped JSON bodies
export async function json(response: Response): Promise<any> {
  return response.json();
}
