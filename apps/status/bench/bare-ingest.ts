// The baseline of the ingest benchmark (issue 13): bare better-sqlite3 writing the rows Karst's SQLite store
// writes for a batch (readings, meter-hour, meter-day and site-hour rollups, meter states, the reading count)
// into the same schema with the same pragmas, one transaction per batch. Everything Karst computes (which
// rows, their values) is computed here before the clock starts; what is timed is the writing alone, done as
// better-sqlite3 is best used: one prepared statement per table, run per row inside one transaction (a
// multi-row VALUES or json_each insert measured slower here), binding only the columns the rows have.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_SCHEMA_V2 } from '../src/store/sqlite-store.js';
import { DEFAULT_POLICY } from '../src/store/telemetry-store.js';
import type { Reading } from '../src/telemetry/reading.js';
import {
  bySourceFirstWins,
  HOUR_MS,
  type MeterState,
  planSource,
  ROLLUP_NUMBER_FIELDS,
  RollupDeltas,
} from '../src/telemetry/rollup.js';

const DAY_MS = 86_400_000;
const SITE_LENGTH = 1 + ROLLUP_NUMBER_FIELDS.length + 6;

export interface BareBatch {
  readings: unknown[][];
  hours: unknown[][];
  days: unknown[][];
  sites: unknown[][];
  states: unknown[][];
  count: number;
}

/**
 * What Karst's store writes for each batch (in-order batches of facility and IT power: no reads of stored
 * readings needed), from the same planning code. `previous` carries meter states and hour rollups between
 * calls, as the store's file does.
 */
export function bareRows(
  batches: readonly (readonly Reading[])[],
  previous: { states: Map<string, MeterState>; hours: Map<string, number[]> },
): BareBatch[] {
  return batches.map((batch) => {
    const deltas = new RollupDeltas();
    const states: MeterState[] = [];
    let count = 0;
    for (const [source, fresh] of bySourceFirstWins(batch)) {
      const before = previous.states.get(source);
      if (before && before.latest.timestampMs >= fresh[0]!.timestampMs)
        throw new Error('the bare baseline takes in-order batches only');
      const plan = planSource(before ? [before.latest] : [], fresh, DEFAULT_POLICY(source), deltas);
      count += plan.inserted.length;
      if (plan.state) {
        previous.states.set(source, plan.state);
        states.push(plan.state);
      }
    }
    const days = new RollupDeltas();
    const sites = new Map<number, number[]>();
    const mean = (kwh: number, coveredMs: number) => (coveredMs > 0 ? (kwh * HOUR_MS) / coveredMs : 0);
    const hours = deltas.rows().map((row) => {
      const values = ROLLUP_NUMBER_FIELDS.map((field) => row[field]);
      const day = days.at(row.source, row.hourMs - (row.hourMs % DAY_MS));
      for (const field of ROLLUP_NUMBER_FIELDS) day[field] += row[field];
      const key = `${row.source}\u0000${row.hourMs}`;
      const before = previous.hours.get(key);
      const after = before === undefined ? values : before.map((value, i) => value + values[i]!);
      previous.hours.set(key, after);
      let site = sites.get(row.hourMs);
      if (site === undefined) {
        site = new Array(SITE_LENGTH).fill(0);
        sites.set(row.hourMs, site);
      }
      if (before === undefined) site[0]! += 1;
      values.forEach((value, i) => {
        site[1 + i]! += value;
      });
      for (let role = 0; role < 3; role++) {
        const kwhBefore = before?.[role] ?? 0;
        const coveredBefore = before?.[3 + role] ?? 0;
        site[1 + values.length + role]! +=
          mean(after[role]!, after[3 + role]!) - mean(kwhBefore, coveredBefore);
        site[4 + values.length + role]! += Number(after[3 + role]! > 0) - Number(coveredBefore > 0);
      }
      return [row.hourMs, row.source, ...values];
    });
    return {
      readings: batch.map((r) => [r.source, r.timestampMs, r.facilityPowerKw, r.itPowerKw]),
      hours,
      days: days.rows().map((row) => [row.hourMs, row.source, ...ROLLUP_NUMBER_FIELDS.map((f) => row[f])]),
      sites: [...sites].map(([hourMs, site]) => [hourMs, ...site]),
      states: states.map((state) => [state.source, state.latest.timestampMs, JSON.stringify(state)]),
      count,
    };
  });
}

const ROLLUP_COLUMNS =
  'facility_kwh, it_kwh, cooling_kwh, facility_covered_ms, it_covered_ms, cooling_covered_ms, samples, dry_bulb_sum_c, dry_bulb_samples';
const SITE_COLUMNS = `meters, ${ROLLUP_COLUMNS}, facility_mean_kw, it_mean_kw, cooling_mean_kw, facility_meters, it_meters, cooling_meters`;
const adds = (columns: string) =>
  columns
    .split(', ')
    .map((column) => `${column} = ${column} + excluded.${column}`)
    .join(', ');
const marks = (columns: string) =>
  columns
    .split(', ')
    .map(() => '?')
    .join(', ');

export interface BareWriter {
  readonly db: Database.Database;
  /** The readings rows alone, one transaction. */
  readingsOnly(rows: readonly unknown[][]): void;
  /** Every row of a batch, one transaction. */
  all(batch: BareBatch): void;
}

/** A bare better-sqlite3 writer on `path`: WAL, synchronous = FULL, the store's schema. */
export function openBare(path: string): BareWriter {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_SCHEMA_V2);
  const insert = db.prepare(
    'INSERT INTO readings (source, timestamp_ms, facility_power_kw, it_power_kw) VALUES (?, ?, ?, ?) ON CONFLICT (source, timestamp_ms) DO NOTHING',
  );
  const hour = db.prepare(
    `INSERT INTO rollup_hour (hour_ms, source, ${ROLLUP_COLUMNS}) VALUES (?, ?, ${marks(ROLLUP_COLUMNS)})
     ON CONFLICT (hour_ms, source) DO UPDATE SET ${adds(ROLLUP_COLUMNS)}`,
  );
  const day = db.prepare(
    `INSERT INTO rollup_day (day_ms, source, ${ROLLUP_COLUMNS}) VALUES (?, ?, ${marks(ROLLUP_COLUMNS)})
     ON CONFLICT (day_ms, source) DO UPDATE SET ${adds(ROLLUP_COLUMNS)}`,
  );
  const site = db.prepare(
    `INSERT INTO rollup_site_hour (hour_ms, ${SITE_COLUMNS}) VALUES (?, ${marks(SITE_COLUMNS)})
     ON CONFLICT (hour_ms) DO UPDATE SET ${adds(SITE_COLUMNS)}`,
  );
  const state = db.prepare(
    'INSERT INTO meter_state (source, latest_ms, state) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET latest_ms = excluded.latest_ms, state = excluded.state',
  );
  const count = db.prepare("UPDATE counters SET value = value + ? WHERE name = 'readings'");
  const readingsOnly = db.transaction((rows: readonly unknown[][]) => {
    for (const row of rows) insert.run(row);
  });
  const all = db.transaction((b: BareBatch) => {
    for (const row of b.readings) insert.run(row);
    for (const row of b.hours) hour.run(row);
    for (const row of b.sites) site.run(row);
    for (const row of b.days) day.run(row);
    for (const row of b.states) state.run(row);
    count.run(b.count);
  });
  return { db, readingsOnly, all };
}
