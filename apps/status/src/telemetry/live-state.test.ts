import { describe, expect, it } from 'vitest';
import { BudgetService } from '../budget-service.js';
import { createSqliteStore } from '../store/sqlite-store.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { LIVE_TTL_MS, LiveState } from './live-state.js';
import { MeterRegistry } from './meter-registry.js';

const budgets = new BudgetService({});

/** A store whose meterStates (one call per compute) can advance the clock or wait for a gate. */
async function instrumentedStore(onCompute: () => Promise<void> | void) {
  const inner = await createSqliteStore({ path: ':memory:' });
  let computes = 0;
  const store: TelemetryStore = {
    ...inner,
    async meterStates() {
      computes++;
      await onCompute();
      return inner.meterStates();
    },
  };
  return { store, computes: () => computes };
}

describe('LiveState cache', () => {
  it('times the cache from when a compute ends, and recomputes behind the requests', async () => {
    let nowMs = Date.parse('2026-11-28T04:00:00Z');
    let gate: Promise<void> | null = null;
    let open = () => {};
    const { store, computes } = await instrumentedStore(async () => {
      // Every compute takes 3 s of the clock; one may also wait for the gate.
      nowMs += 3_000;
      if (gate) await gate;
    });
    const clock = () => nowMs;
    const live = new LiveState(
      store,
      budgets,
      new MeterRegistry(store, [], { staleAfterS: 900 }, clock),
      clock,
      900,
    );

    const first = await live.get();
    expect(computes()).toBe(1);
    // 4.9 s after the compute ended (7.9 s after it began): still fresh.
    nowMs += LIVE_TTL_MS - 100;
    expect(await live.get()).toBe(first);
    expect(computes()).toBe(1);

    // Past the TTL: the request gets the cached figures at once while a compute runs behind it.
    nowMs += 200;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    expect(await live.get()).toBe(first);
    expect(computes()).toBe(2);
    // Requests during that compute do not start another.
    expect(await live.get()).toBe(first);
    expect(computes()).toBe(2);
    open();
    gate = null;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await live.get();
    expect(second).not.toBe(first);
    expect(computes()).toBe(2);

    // After a write the next request waits for figures that include it.
    live.invalidate();
    const third = await live.get();
    expect(third).not.toBe(second);
    expect(computes()).toBe(3);
    await store.close();
  });
});
