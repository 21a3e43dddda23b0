import { describe, expect, it } from 'vitest';
import { json, NOW_MS, postTelemetry, testApp, WRITE_TOKEN } from '../test-app.test-util.js';

const MINUTE_MS = 60_000;

/** One reading a minute of `source` from `fromMin` to `toMin` minutes before NOW (inclusive), legacy shape. */
function everyMinute(source: string, fromMin: number, toMin: number, values: Record<string, number>) {
  const readings = [];
  for (let minutesAgo = fromMin; minutesAgo >= toMin; minutesAgo--) {
    readings.push({ source, timestamp: new Date(NOW_MS - minutesAgo * MINUTE_MS).toISOString(), ...values });
  }
  return readings;
}

function alertIds(status: { alerts: { id: string }[] }) {
  return status.alerts.map((alert) => alert.id);
}

/** PUT /v1/meters/{id}: the id is the body's unless given (a body may leave it out). */
function putMeter(
  app: Awaited<ReturnType<typeof testApp>>['app'],
  meter: Record<string, unknown>,
  token = WRITE_TOKEN,
  id = String(meter.id),
) {
  return app.request(`/v1/meters/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(meter),
  });
}

describe('meter staleness', () => {
  it('says how long ago a meter last reported in the unit that reads (found by a new user: 1165043719 s ago)', async () => {
    const { ago } = await import('./live-state.js');
    expect(ago(45_000, 0)).toBe('45 s ago');
    expect(ago(30 * 60_000, 0)).toBe('30 min ago');
    expect(ago(7_260_000, 0)).toBe('2.0 h ago');
    expect(ago(3 * 86_400_000, Date.UTC(2026, 10, 28))).toBe('3.0 days ago (2026-11-28T00:00:00.000Z)');
    const reset = Date.UTC(1990, 0, 1);
    expect(ago(Date.UTC(2026, 10, 28) - reset, reset)).toBe('36.9 years ago (1990-01-01T00:00:00.000Z)');
  });

  it('takes the meter id from the path: the body may leave it out, and must match when it gives it (found by a new user)', async () => {
    const { app } = await testApp();
    const put = await putMeter(app, { roles: ['facility'], expectedIntervalS: 60 }, WRITE_TOKEN, 'ups-c');
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({ id: 'ups-c', roles: ['facility'], expectedIntervalS: 60 });
    const meters = await json(await app.request('/v1/meters'));
    expect(JSON.stringify(meters)).toContain('"ups-c"');
    const other = await putMeter(app, { id: 'ups-d', roles: ['facility'] }, WRITE_TOKEN, 'ups-c');
    expect(other.status).toBe(400);
    expect((await json(other)).errors).toEqual([
      { path: 'id', message: "the body's id ups-d is not the path's ups-c" },
    ]);
  });

  it('names the roles a meter may have when one is miswritten (found by a new user: role IT)', async () => {
    const { app } = await testApp();
    const response = await putMeter(app, { id: 'ups-c', roles: ['IT'], itMeasurementPoint: 'ups-output' });
    expect((await json(response)).errors).toContainEqual({
      path: 'roles.0',
      message: 'must be one of facility, it, cooling, weather (lowercase)',
    });
  });

  it('refuses a meter that would be stale before its next reading is due', async () => {
    const { app } = await testApp();
    const response = await putMeter(app, {
      id: 'ups-c',
      roles: ['facility'],
      expectedIntervalS: 60,
      staleAfterS: 10,
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toContainEqual({
      path: 'staleAfterS',
      message: 'must be at least expectedIntervalS: a meter is not stale before its next reading is due',
    });
    const ok = await putMeter(app, {
      id: 'ups-c',
      roles: ['facility'],
      expectedIntervalS: 60,
      staleAfterS: 60,
    });
    expect(ok.status).toBe(200);
  });
});

describe('live PUE below 1', () => {
  it('warns that the meters overlap when the IT meters read more than the facility meters (found by a new user)', async () => {
    const { app } = await testApp();
    // Each reading is physical (IT under facility), but hall-c's IT is a second count of hall-a's.
    const readings = [
      ...everyMinute('hall-a', 2, 1, { facilityPowerKw: 2000, itPowerKw: 1800 }),
      ...everyMinute('hall-b', 2, 1, { facilityPowerKw: 1000, itPowerKw: 900 }),
      ...everyMinute('hall-c', 2, 1, { facilityPowerKw: 1800, itPowerKw: 1800 }),
    ];
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.live.livePue).toBeCloseTo(4800 / 4500, 12);
    expect(alertIds(status)).not.toContain('pue-below-one');
    const overlap = everyMinute('hall-d', 2, 1, { itPowerKw: 600 });
    await putMeter(app, { id: 'hall-d', roles: ['it'], itMeasurementPoint: 'ups-output' });
    expect((await postTelemetry(app, { readings: overlap })).status).toBe(200);
    const after = await json(await app.request('/v1/status'));
    expect(after.live.livePue).toBeCloseTo(4800 / 5100, 12);
    expect(after.alerts).toContainEqual({
      id: 'pue-below-one',
      severity: 'warning',
      message:
        "live PUE 0.941 is below 1: the IT meters read 5100 kW against the facility meters' 4800 kW (a meter counted on the wrong role or twice, or a facility feed not metered)",
    });
  });
});

describe('the grid cap', () => {
  it('raises the critical over-cap alert at once when live facility power passes the cap (found by a new user)', async () => {
    // Three meters at 2,100 kW are a 6,300 kW site on a 6,000 kW cap: over it now, whatever the month's
    // mean says (two readings: no hour of data, so no over-budget alert yet).
    const { app } = await testApp();
    const readings = ['hall-a', 'hall-b', 'hall-c'].flatMap((source) =>
      everyMinute(source, 2, 1, { facilityPowerKw: 2100, itPowerKw: 1800 }),
    );
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.live.liveFacilityPowerKw).toBe(6300);
    expect(alertIds(status)).not.toContain('over-budget');
    const overCap = status.alerts.find((alert: { id: string }) => alert.id === 'over-cap');
    expect(overCap).toEqual({
      id: 'over-cap',
      severity: 'critical',
      message: 'live facility power 6300 kW (summed over 3 meter(s)) is over the 6000 kW grid cap by 300 kW',
    });
  });

  it('raises none at or under the cap', async () => {
    const { app } = await testApp();
    const readings = ['hall-a', 'hall-b'].flatMap((source) =>
      everyMinute(source, 2, 1, { facilityPowerKw: 3000, itPowerKw: 2600 }),
    );
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.live.liveFacilityPowerKw).toBe(6000);
    expect(alertIds(status)).not.toContain('over-cap');
  });
});

describe('meters summed per role (issue 13 reproductions)', () => {
  it('raises no critical over-budget alert from minutes of data, and does once an hour is covered', async () => {
    // 5,400 kW is 159 % of November's budgeted mean (3,390 kW), but 10 minutes of readings say nothing of
    // the month: a new user's first reading once raised the critical alert from under a second of data.
    const { app } = await testApp();
    const readings = everyMinute('hall-a', 10, 1, { facilityPowerKw: 5400, itPowerKw: 4500 });
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const early = await json(await app.request('/v1/status'));
    expect(early.monthToDate.coveredHours).toBeLessThan(1);
    expect(alertIds(early)).not.toContain('over-budget');

    const hour = everyMinute('hall-a', 70, 11, { facilityPowerKw: 5400, itPowerKw: 4500 });
    expect((await postTelemetry(app, { readings: hour })).status).toBe(200);
    const later = await json(await app.request('/v1/status'));
    expect(later.monthToDate.coveredHours).toBeGreaterThanOrEqual(1);
    expect(alertIds(later)).toContain('over-budget');
  });

  it('three meters at 1,800 kW for 6 h are a 5,400 kW site, over the budget', async () => {
    const { app } = await testApp();
    // Today's reading shape (facility and IT power, no outdoor conditions): each source a meter with both roles.
    const readings = ['hall-a', 'hall-b', 'hall-c'].flatMap((source) =>
      everyMinute(source, 360, 1, { facilityPowerKw: 1800, itPowerKw: 1500 }),
    );
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    // Each meter: 360 readings a minute apart, the last held until now: 6 h x 1,800 kW = 10.8 MWh; three meters 32.4 MWh.
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo(32.4, 9);
    expect(status.monthToDate.itEnergyMwh).toBeCloseTo(3 * 6 * 1.5, 9);
    expect(status.monthToDate.meteredMeanFacilityPowerKw).toBeCloseTo(5400, 9);
    expect(status.monthToDate.coveredHours).toBeCloseTo(6, 9);
    expect(status.monthToDate.pue).toBeCloseTo(1800 / 1500, 12);
    // Legacy meters say nothing of where IT is measured: no PUE category.
    expect(status.monthToDate.pueCategory).toBeNull();
    expect(status.live.liveFacilityPowerKw).toBe(5400);
    expect(status.live.livePue).toBeCloseTo(1.2, 12);
    // November's budgeted mean facility power: 3,521 kW when the issue was filed (PUE 1.190), 3,390 kW since
    // fans slow down at part load (PUE 1.141); 5,400 kW is 159 % of it.
    expect(status.monthToDate.budgetMeanFacilityPowerKw).toBeCloseTo(3390, -1);
    expect(alertIds(status)).toContain('over-budget');
    expect(alertIds(status)).not.toContain('meter-stale');

    // GET /v1/telemetry sums the meters too: the last full hour is 3 x 1,800 kW = 5,400 kW, 5,400 kWh.
    const from = new Date(NOW_MS - 2 * 3_600_000).toISOString();
    const to = new Date(NOW_MS).toISOString();
    const series = await json(await app.request(`/v1/telemetry?from=${from}&to=${to}&step=3600`));
    expect(series.source).toBe('hour-rollups');
    expect(series.buckets).toHaveLength(2);
    expect(series.buckets[1]).toMatchObject({ meters: 3, readings: 180 });
    expect(series.buckets[1].meanFacilityPowerKw).toBeCloseTo(5400, 9);
    // The last reading of each meter is still open (held until its next reading), so the hour has 59 closed minutes.
    expect(series.buckets[0].facilityEnergyKwh).toBeCloseTo(5400, 9);
    expect(series.buckets[0].pue).toBeCloseTo(1.2, 12);
    const fine = await json(await app.request(`/v1/telemetry?from=${from}&to=${to}&step=600`));
    expect(fine.source).toBe('raw-readings');
    expect(fine.buckets.at(-1).meanFacilityPowerKw).toBeCloseTo(5400, 9);
    expect(fine.buckets.at(-1).meters).toBe(3);
  });

  it('a meter that stops is named stale, its last value stops counting, and the site mean stays summed', async () => {
    const { app } = await testApp();
    const readings = [
      ...everyMinute('hall-a', 360, 1, { facilityPowerKw: 1800, itPowerKw: 1500 }),
      ...everyMinute('hall-b', 360, 1, { facilityPowerKw: 1800, itPowerKw: 1500 }),
      // Silent for the last 2 h.
      ...everyMinute('hall-c', 360, 121, { facilityPowerKw: 1800, itPowerKw: 1500 }),
    ];
    await postTelemetry(app, { readings });
    const status = await json(await app.request('/v1/status'));
    const stale = status.alerts.filter((alert: { id: string }) => alert.id === 'meter-stale');
    expect(stale).toHaveLength(1);
    expect(stale[0].meter).toBe('hall-c');
    expect(stale[0].message).toMatch(/hall-c last reported 2\.0 h ago \(stale after 900 s\)/);
    // Live: only hall-a and hall-b count.
    expect(status.live.liveFacilityPowerKw).toBe(3600);
    expect(status.live.livePue).toBeCloseTo(1.2, 12);
    // hall-c: 239 one-minute intervals, then its last reading held 15 min: 254 min x 1,800 kW.
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo(2 * 10.8 + (1.8 * 254) / 60, 9);
    // Each meter's mean over the time it was measured, summed: still 5,400 kW, still over budget.
    expect(status.monthToDate.meteredMeanFacilityPowerKw).toBeCloseTo(5400, 9);
    expect(alertIds(status)).toContain('over-budget');
    expect(status.monthToDate.coveredHours).toBeCloseTo((6 + 6 + 254 / 60) / 3, 9);
  });

  it('integrates kWh registers across a reset and a rollover, and reports the PUE category of the IT meters', async () => {
    const { app } = await testApp();
    expect(
      (await putMeter(app, { id: 'incomer', roles: ['facility'], expectedIntervalS: 900, ratingKw: 6000 }))
        .status,
    ).toBe(200);
    expect(
      (
        await putMeter(app, {
          id: 'pdu-sum',
          roles: ['it'],
          itMeasurementPoint: 'pdu-output',
          expectedIntervalS: 900,
          registerRolloverKwh: 100_000,
        })
      ).status,
    ).toBe(200);
    const at = (minutesAgo: number) => new Date(NOW_MS - minutesAgo * MINUTE_MS).toISOString();
    // Facility register: +450, +450, a reset to zero (then 50 kWh counted), +450: 1,400 kWh in the hour.
    const facility = [1000, 1450, 1900, 50, 500].map((energyKwh, i) => ({
      source: 'incomer',
      timestamp: at(60 - 15 * i),
      energyKwh,
    }));
    // IT register wraps at 100,000 kWh: 99,500 -> 99,750 -> 99,999 -> 249 -> 499 is 250 + 249 + 250 + 250 = 999 kWh.
    const it = [99_500, 99_750, 99_999, 249, 499].map((energyKwh, i) => ({
      source: 'pdu-sum',
      timestamp: at(60 - 15 * i),
      energyKwh,
    }));
    expect((await postTelemetry(app, { readings: [...facility, ...it] })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo(1.4, 12);
    expect(status.monthToDate.itEnergyMwh).toBeCloseTo(0.999, 12);
    expect(status.monthToDate.pue).toBeCloseTo(1400 / 999, 12);
    // The IT meter is at the PDU output: category 2 (ISO/IEC 30134-2).
    expect(status.monthToDate.pueCategory).toBe(2);
    expect(status.monthToDate.meteredMeanFacilityPowerKw).toBeCloseTo(1400, 9);
    // Live power from the last register interval: 450 kWh over 15 min = 1,800 kW; 250 kWh -> 1,000 kW.
    expect(status.live.liveFacilityPowerKw).toBeCloseTo(1800, 9);
    expect(status.live.liveItPowerKw).toBeCloseTo(1000, 9);
    const { meters } = await json(await app.request('/v1/meters'));
    expect(meters.map((meter: { id: string }) => meter.id)).toEqual(['incomer', 'pdu-sum']);
    expect(meters[1]).toMatchObject({ registered: true, pueCategory: 2, stale: false, roles: ['it'] });
  });

  it('an out-of-order batch gives the same figures as the readings in order', async () => {
    const inOrder = await testApp();
    const outOfOrder = await testApp();
    const samples = [1000, 2000, 3000, 4000, 5000].map((facilityPowerKw, i) => ({
      source: 'm',
      timestamp: new Date(NOW_MS - (5 - i) * MINUTE_MS).toISOString(),
      facilityPowerKw,
      itPowerKw: 800,
    }));
    await postTelemetry(inOrder.app, { readings: samples });
    await postTelemetry(outOfOrder.app, { readings: [samples[4], samples[0], samples[2]] });
    await postTelemetry(outOfOrder.app, { readings: [samples[3], samples[1]] });
    const a = await json(await inOrder.app.request('/v1/status'));
    const b = await json(await outOfOrder.app.request('/v1/status'));
    // Each power held until the next reading (1 min), the last until now (1 min): (1+2+3+4+5) x 1,000 kW / 60.
    expect(a.monthToDate.facilityEnergyMwh).toBeCloseTo(15_000 / 60 / 1000, 12);
    expect(b.monthToDate.facilityEnergyMwh).toBeCloseTo(15_000 / 60 / 1000, 12);
    expect(b.live.liveFacilityPowerKw).toBe(5000);
    expect(b.monthToDate.meteredMeanFacilityPowerKw).toBeCloseTo(3000, 9);
  });
});

describe('month boundaries at the site clock (Guiyang, Asia/Shanghai, UTC+8)', () => {
  /** 2026-12-01T01:00 in Guiyang. */
  const DEC_1_0100_LOCAL = Date.parse('2026-11-30T17:00:00Z');

  it('counts only what falls after local midnight on the 1st', async () => {
    const { app } = await testApp({}, () => DEC_1_0100_LOCAL);
    // 1,000 kW every minute from 23:00 on 30 November to 00:59 on 1 December, local time.
    const readings = Array.from({ length: 120 }, (_, i) => ({
      source: 'm',
      timestamp: new Date(Date.parse('2026-11-30T15:00:00Z') + i * MINUTE_MS).toISOString(),
      facilityPowerKw: 1000,
      itPowerKw: 800,
    }));
    expect((await postTelemetry(app, { readings })).status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.monthToDate.month).toBe(12);
    expect(status.monthToDate.fromMs).toBe(Date.parse('2026-11-30T16:00:00Z'));
    // 00:00 to 01:00 local: 60 minutes at 1,000 kW (the 00:59 reading held until 01:00, now).
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo(1, 12);
    expect(status.monthToDate.elapsedHours).toBe(1);
    expect(status.monthToDate.coverageShare).toBeCloseTo(1, 12);
    const series = await json(
      await app.request('/v1/telemetry?from=2026-11-30T15:00:00Z&to=2026-11-30T17:00:00Z&step=3600'),
    );
    // The 16:59Z reading is still open (held until now when read), so the second hour has 59 closed minutes.
    expect(series.buckets[0].facilityEnergyKwh).toBeCloseTo(1000, 9);
    expect(series.buckets[1].facilityEnergyKwh).toBeCloseTo((1000 * 59) / 60, 9);
  });

  it('is still November at 23:30 local on the 30th', async () => {
    const { app } = await testApp({}, () => Date.parse('2026-11-30T15:30:00Z'));
    await postTelemetry(app, {
      readings: [{ source: 'm', timestamp: '2026-11-30T15:00:00Z', facilityPowerKw: 1000, itPowerKw: 800 }],
    });
    const status = await json(await app.request('/v1/status'));
    expect(status.monthToDate.month).toBe(11);
    expect(status.monthToDate.fromMs).toBe(Date.parse('2026-10-31T16:00:00Z'));
    // Held for at most 15 minutes (900 s): 0.25 h x 1,000 kW.
    expect(status.monthToDate.facilityEnergyMwh).toBeCloseTo(0.25, 12);
  });
});

describe('clocks, ranges and plausibility', () => {
  it('refuses a reading ahead of the server clock beyond the skew, or outside the store range, naming readings.N.timestamp', async () => {
    const { app, store } = await testApp();
    const base = { source: 'm', facilityPowerKw: 1000, itPowerKw: 800 };
    const ahead = new Date(NOW_MS + 3 * 86_400_000).toISOString();
    const threeDays = await postTelemetry(app, {
      readings: [
        { ...base, timestamp: new Date(NOW_MS).toISOString() },
        { ...base, timestamp: ahead },
      ],
    });
    expect(threeDays.status).toBe(400);
    const errors = (await json(threeDays)).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('readings.1.timestamp');
    // 259,200 s, in the unit that reads (found by a new user: "97257850 s ahead").
    expect(errors[0].message).toMatch(/ is 3.0 days ahead of the server clock/);
    const farFuture = await postTelemetry(app, {
      readings: [{ ...base, timestamp: '2200-01-01T00:00:00Z' }],
    });
    expect((await json(farFuture)).errors[0].path).toBe('readings.0.timestamp');
    const beforeEpoch = await postTelemetry(app, {
      readings: [{ ...base, timestamp: '1969-12-31T23:59:59Z' }],
    });
    expect((await json(beforeEpoch)).errors[0]).toMatchObject({
      path: 'readings.0.timestamp',
      // The store's range is in the timestamp schema (1970 up to 2286).
      message: expect.stringMatching(/must be from 1970-01-01/),
    });
    expect(await store.count()).toBe(0);
    // Within the default 60 s of skew is accepted.
    const slightlyAhead = new Date(NOW_MS + 30_000).toISOString();
    expect((await postTelemetry(app, { readings: [{ ...base, timestamp: slightlyAhead }] })).status).toBe(
      200,
    );
  });

  it('a future reading cannot silence the stale alert', async () => {
    const { app } = await testApp();
    await postTelemetry(app, {
      readings: [
        { source: 'm', timestamp: new Date(NOW_MS - 3_600_000).toISOString(), facilityPowerKw: 1000 },
      ],
    });
    await postTelemetry(app, {
      readings: [{ source: 'm', timestamp: '2200-01-01T00:00:00Z', facilityPowerKw: 1000 }],
    });
    const status = await json(await app.request('/v1/status'));
    expect(alertIds(status)).toEqual(expect.arrayContaining(['telemetry-stale', 'meter-stale']));
  });

  it('catches watts sent as kW: against the rating of a registered meter, or twice the grid connection', async () => {
    const { app } = await testApp();
    const timestamp = new Date(NOW_MS).toISOString();
    const unregistered = await postTelemetry(app, {
      readings: [{ source: 'm', timestamp, facilityPowerKw: 3_500_000, itPowerKw: 3_000_000 }],
    });
    expect(unregistered.status).toBe(400);
    const errors = (await json(unregistered)).errors;
    expect(errors.map((error: { path: string }) => error.path)).toEqual([
      'readings.0.facilityPowerKw',
      'readings.0.itPowerKw',
    ]);
    expect(errors[0].message).toMatch(/3500000 kW is above the \d+ kW plausible for meter m .*in W\?/);
    await putMeter(app, { id: 'incomer', roles: ['facility'], ratingKw: 2000 });
    const registered = await postTelemetry(app, {
      readings: [{ source: 'incomer', timestamp, powerKw: 2500 }],
    });
    expect((await json(registered)).errors).toEqual([
      {
        path: 'readings.0.powerKw',
        message:
          '2500 kW is above the 2000 kW plausible for meter incomer (its ratingKw): is the value in W? send kW',
      },
    ]);
    expect(
      (await postTelemetry(app, { readings: [{ source: 'incomer', timestamp, powerKw: 1900 }] })).status,
    ).toBe(200);
  });

  it('accepts facility and IT power without outdoor conditions, and a weather meter alone', async () => {
    const { app } = await testApp();
    const timestamp = new Date(NOW_MS - MINUTE_MS).toISOString();
    const response = await postTelemetry(app, {
      readings: [
        { source: 'm', timestamp, facilityPowerKw: 1200, itPowerKw: 1000 },
        { source: 'roof', timestamp, outdoorDryBulbC: 9.5, outdoorDewPointC: 2 },
      ],
    });
    expect(response.status).toBe(200);
    const status = await json(await app.request('/v1/status'));
    expect(status.live.livePue).toBeCloseTo(1.2, 12);
    expect(status.live.outdoor).toMatchObject({ dryBulbC: 9.5, dewPointC: 2, meter: 'roof' });
    // The comparison with the plan uses the budget's month.
    expect(status.monthToDate.budgetPue).toBeGreaterThan(1);
  });

  it('refuses fields a registered meter has no role for, and powerKw for a meter with two power roles', async () => {
    const { app } = await testApp();
    await putMeter(app, { id: 'incomer', roles: ['facility'] });
    await putMeter(app, { id: 'both', roles: ['facility', 'it'], itMeasurementPoint: 'ups-output' });
    const timestamp = new Date(NOW_MS).toISOString();
    const response = await postTelemetry(app, {
      readings: [
        { source: 'incomer', timestamp, itPowerKw: 100 },
        { source: 'both', timestamp, powerKw: 100 },
        { source: 'nobody', timestamp, energyKwh: 100 },
      ],
    });
    expect((await json(response)).errors.map((error: { path: string }) => error.path)).toEqual([
      'readings.0.itPowerKw',
      'readings.1.powerKw',
      'readings.2.energyKwh',
    ]);
  });
});

describe('the meter registry', () => {
  it('comes from KARST_METERS_JSON and the API; a registered meter that never reported is stale', async () => {
    const { app } = await testApp({
      KARST_METERS_JSON: JSON.stringify([
        { id: 'ups-1', roles: ['it'], itMeasurementPoint: 'ups-output', expectedIntervalS: 60 },
      ]),
    });
    const status = await json(await app.request('/v1/status'));
    const stale = status.alerts.find((alert: { id: string }) => alert.id === 'meter-stale');
    expect(stale).toMatchObject({
      meter: 'ups-1',
      message: 'meter ups-1 has sent no reading (expected every 60 s)',
    });
    const { meters } = await json(await app.request('/v1/meters'));
    expect(meters[0]).toMatchObject({ id: 'ups-1', pueCategory: 1, staleAfterS: 180, lastReading: null });
  });

  it('validates a meter and needs the write token to put one', async () => {
    const { app } = await testApp();
    const noPoint = await putMeter(app, { id: 'ups-1', roles: ['it'] });
    expect(noPoint.status).toBe(400);
    expect((await json(noPoint)).errors[0].path).toBe('itMeasurementPoint');
    const unknownKey = await putMeter(app, { id: 'x', roles: ['facility'], ratingWatts: 5 });
    expect(unknownKey.status).toBe(400);
    const mismatch = await app.request('/v1/meters/other', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` },
      body: JSON.stringify({ id: 'x', roles: ['facility'] }),
    });
    expect((await json(mismatch)).errors[0].path).toBe('id');
    expect((await putMeter(app, { id: 'x', roles: ['facility'] }, 'wrong-token-000000000000')).status).toBe(
      403,
    );
  });

  it('refuses a bad KARST_METERS_JSON naming the field', async () => {
    await expect(testApp({ KARST_METERS_JSON: '[{"id":"a","roles":["it"]}]' })).rejects.toThrow(
      /KARST_METERS_JSON\.0\.itMeasurementPoint/,
    );
  });
});

describe('the dashboard with many meters', () => {
  it('draws the site total over 24 h, 7 d or the month, lists each meter, marks stale ones and says how much of the month has data', async () => {
    const { app } = await testApp();
    await postTelemetry(app, {
      readings: [
        ...everyMinute('hall-a', 120, 1, { facilityPowerKw: 1800, itPowerKw: 1500 }),
        ...everyMinute('hall-b', 120, 1, { facilityPowerKw: 1800, itPowerKw: 1500 }),
        ...everyMinute('hall-c', 120, 61, { facilityPowerKw: 1800, itPowerKw: 1500 }),
      ],
    });
    const page = await (await app.request('/')).text();
    expect(page).toContain('aria-current="true">24 h</strong>');
    expect(page).toContain('href="?range=7d"');
    expect(page).toContain('<tr data-meter="hall-c" data-stale="true" class="stale">');
    expect(page).toContain('<tr data-meter="hall-a" data-stale="false">');
    expect(page).toContain('Meters (3, 1 stale)');
    // 24 five-minute buckets over the last 2 h; the first 12 hold all three meters: 5,400 kW summed, as
    // the live tile's sum of the meters (not an average over them).
    expect(page.match(/data-series="facility-power"/g)).toHaveLength(24);
    // The facility meters' mean coverage over the 660 h from 1 Nov 00:00 in Guiyang to 28 Nov 12:00:
    // (2 h + 2 h + (59 min + 15 min held)) / 3 = 1.744 h, 0.26 % of 660 h.
    expect(page).toContain('data covers 0.3% of the month so far');
    const week = await (await app.request('/?range=7d')).text();
    expect(week).toContain('aria-current="true">7 d</strong>');
    expect(week.match(/data-series="facility-power"/g)).toHaveLength(2);
    const month = await (await app.request('/?range=month')).text();
    expect(month).toContain('aria-current="true">Month</strong>');
  });
});
