// The write side of the SQLite store, shared by the store (in-process writes) and its writer thread
// (sqlite-writer-worker.ts): the columns, a batch's rows encoded for a postMessage (numbers in one
// transferable Float64Array, strings beside it), and the prepared statements that write them. Imports
// better-sqlite3 only, so the writer thread starts without zod or the rest of the service.
import type Database from 'better-sqlite3';
// Types only (erased): the writer thread loads none of the service's modules.
import type { Reading } from '../telemetry/reading.js';

/** Reading columns, in the order of `READING_NUMBER_FIELDS` after source and timestamp. */
export const NUMBER_COLUMNS = [
  'facility_power_kw',
  'it_power_kw',
  'cooling_power_kw',
  'facility_energy_kwh',
  'it_energy_kwh',
  'cooling_energy_kwh',
  'outdoor_dry_bulb_c',
  'outdoor_dew_point_c',
] as const;

/** Bit of a reading's column mask for its inlet temperatures (bits 0-7: `NUMBER_COLUMNS`). */
export const INLET_BIT = 1 << NUMBER_COLUMNS.length;

/** Hour and day rollup columns, in the order of `ROLLUP_NUMBER_FIELDS`. */
export const ROLLUP_COLUMNS = [
  'facility_kwh',
  'it_kwh',
  'cooling_kwh',
  'facility_covered_ms',
  'it_covered_ms',
  'cooling_covered_ms',
  'samples',
  'dry_bulb_sum_c',
  'dry_bulb_samples',
] as const;

/** Site-hour columns after the hour. */
export const SITE_COLUMNS = [
  'meters',
  ...ROLLUP_COLUMNS,
  'facility_mean_kw',
  'it_mean_kw',
  'cooling_mean_kw',
  'facility_meters',
  'it_meters',
  'cooling_meters',
] as const;

/**
 * The rows one batch writes, ready to bind. `numbers` holds, in this order:
 * - per reading: its column mask (bit i: `NUMBER_COLUMNS[i]`, {@link INLET_BIT}: inlet temperatures), the
 *   index of its source in `strings`, its timestamp (ms), the values of the columns in the mask in column
 *   order, then (with {@link INLET_BIT}) the index in `strings` of its inlet temperatures' JSON text;
 * - per meter-hour rollup delta: hour (ms), source index, the `ROLLUP_COLUMNS` values;
 * - per site hour: hour (ms), the `SITE_COLUMNS` values;
 * - per meter-day delta: day (ms), source index, the `ROLLUP_COLUMNS` values;
 * - per meter state: source index, latest timestamp (ms), index of the state's JSON text.
 * - then the length of each string, in order.
 * A Float64Array holds every JS number exactly, so the rows bound are the planner's numbers bit for bit. The
 * strings (sources, JSON texts) travel as one text: one string is cloned into a message far faster than
 * hundreds.
 */
export interface WritePlan {
  numbers: Float64Array;
  /** The strings referred to from `numbers`, one after the other. */
  text: string;
  strings: number;
  readings: number;
  hours: number;
  sites: number;
  days: number;
  states: number;
  /** Readings the plan inserts (none of them stored yet, as the planner saw the file). */
  inserted: number;
}

/** Builds a {@link WritePlan}; add readings, then hours, sites, days and states, in that order. */
export class WritePlanBuilder {
  private numbers: Float64Array;
  private length = 0;
  private readonly strings: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private readonly counts = { readings: 0, hours: 0, sites: 0, days: 0, states: 0, inserted: 0 };

  /** `capacity`: the numbers expected (it grows past them when needed). */
  constructor(capacity = 1024) {
    this.numbers = new Float64Array(capacity);
  }

  private reserve(count: number): Float64Array {
    if (this.length + count > this.numbers.length) {
      const grown = new Float64Array(Math.max(this.numbers.length * 2, this.length + count));
      grown.set(this.numbers.subarray(0, this.length));
      this.numbers = grown;
    }
    return this.numbers;
  }

  private string(text: string): number {
    this.strings.push(text);
    return this.strings.length - 1;
  }

  private lastSource: string | undefined;
  private lastSourceIndex = -1;

  source(source: string): number {
    // Readings come grouped by meter: mostly the source of the call before.
    if (source === this.lastSource) return this.lastSourceIndex;
    let index = this.sourceIndex.get(source);
    if (index === undefined) {
      index = this.string(source);
      this.sourceIndex.set(source, index);
    }
    this.lastSource = source;
    this.lastSourceIndex = index;
    return index;
  }

  /** A reading: its values go in `NUMBER_COLUMNS` order, the columns it has set in the mask. */
  reading(r: Reading): void {
    const numbers = this.reserve(3 + NUMBER_COLUMNS.length + 1);
    const start = this.length;
    let at = start + 3;
    let mask = 0;
    // Named reads in NUMBER_COLUMNS order (not a loop over field names): this runs for every reading.
    if (r.facilityPowerKw !== undefined) {
      mask |= 1;
      numbers[at++] = r.facilityPowerKw;
    }
    if (r.itPowerKw !== undefined) {
      mask |= 2;
      numbers[at++] = r.itPowerKw;
    }
    if (r.coolingPowerKw !== undefined) {
      mask |= 4;
      numbers[at++] = r.coolingPowerKw;
    }
    if (r.facilityEnergyKwh !== undefined) {
      mask |= 8;
      numbers[at++] = r.facilityEnergyKwh;
    }
    if (r.itEnergyKwh !== undefined) {
      mask |= 16;
      numbers[at++] = r.itEnergyKwh;
    }
    if (r.coolingEnergyKwh !== undefined) {
      mask |= 32;
      numbers[at++] = r.coolingEnergyKwh;
    }
    if (r.outdoorDryBulbC !== undefined) {
      mask |= 64;
      numbers[at++] = r.outdoorDryBulbC;
    }
    if (r.outdoorDewPointC !== undefined) {
      mask |= 128;
      numbers[at++] = r.outdoorDewPointC;
    }
    if (r.inletTemperaturesC !== undefined) {
      mask |= INLET_BIT;
      numbers[at++] = this.string(JSON.stringify(r.inletTemperaturesC));
    }
    numbers[start] = mask;
    numbers[start + 1] = this.source(r.source);
    numbers[start + 2] = r.timestampMs;
    this.length = at;
    this.counts.readings++;
    this.counts.inserted++;
  }

  /** A row of `key` (an hour or day, ms), an optional source, and its values. */
  private row(key: number, source: string | undefined, values: readonly number[]): void {
    const numbers = this.reserve(2 + values.length);
    let at = this.length;
    numbers[at++] = key;
    if (source !== undefined) numbers[at++] = this.source(source);
    for (const value of values) numbers[at++] = value;
    this.length = at;
  }

  hour(hourMs: number, source: string, values: readonly number[]): void {
    this.row(hourMs, source, values);
    this.counts.hours++;
  }

  site(hourMs: number, values: readonly number[]): void {
    this.row(hourMs, undefined, values);
    this.counts.sites++;
  }

  day(dayMs: number, source: string, values: readonly number[]): void {
    this.row(dayMs, source, values);
    this.counts.days++;
  }

  state(source: string, latestMs: number, json: string): void {
    const numbers = this.reserve(3);
    numbers[this.length] = this.source(source);
    numbers[this.length + 1] = latestMs;
    numbers[this.length + 2] = this.string(json);
    this.length += 3;
    this.counts.states++;
  }

  build(): WritePlan {
    const numbers = this.reserve(this.strings.length);
    for (const text of this.strings) numbers[this.length++] = text.length;
    return {
      // A view, not a copy: the message transfers the whole buffer, the thread reads the view.
      numbers: numbers.subarray(0, this.length),
      text: this.strings.join(''),
      strings: this.strings.length,
      ...this.counts,
    };
  }
}

/** The statements that write a {@link WritePlan}, prepared once on a connection. */
export interface PlanWriter {
  /** Runs the plan's statements (call inside a transaction); returns the readings actually inserted. */
  write(plan: WritePlan): number;
}

export function planWriter(db: Database.Database): PlanWriter {
  const inserts = new Map<number, { statement: Database.Statement<unknown[]>; args: unknown[] }>();
  /** The insert of the columns in `mask`, with a reusable argument array of its length. */
  const insertFor = (mask: number) => {
    let entry = inserts.get(mask);
    if (entry === undefined) {
      const columns = [...NUMBER_COLUMNS, 'inlet_temperatures_c'].filter((_, i) => mask & (1 << i));
      const statement = db.prepare<unknown[]>(
        `INSERT INTO readings (source, timestamp_ms${columns.map((column) => `, ${column}`).join('')})
         VALUES (?, ?${columns.map(() => ', ?').join('')}) ON CONFLICT (source, timestamp_ms) DO NOTHING`,
      );
      entry = { statement, args: new Array(2 + columns.length) };
      inserts.set(mask, entry);
    }
    return entry;
  };
  const adds = (columns: readonly string[]) =>
    columns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ');
  const marks = (columns: readonly string[]) => columns.map(() => '?').join(', ');
  const hour = db.prepare<unknown[]>(
    `INSERT INTO rollup_hour (hour_ms, source, ${ROLLUP_COLUMNS.join(', ')}) VALUES (?, ?, ${marks(ROLLUP_COLUMNS)})
     ON CONFLICT (hour_ms, source) DO UPDATE SET ${adds(ROLLUP_COLUMNS)}`,
  );
  const site = db.prepare<unknown[]>(
    `INSERT INTO rollup_site_hour (hour_ms, ${SITE_COLUMNS.join(', ')}) VALUES (?, ${marks(SITE_COLUMNS)})
     ON CONFLICT (hour_ms) DO UPDATE SET ${adds(SITE_COLUMNS)}`,
  );
  const day = db.prepare<unknown[]>(
    `INSERT INTO rollup_day (day_ms, source, ${ROLLUP_COLUMNS.join(', ')}) VALUES (?, ?, ${marks(ROLLUP_COLUMNS)})
     ON CONFLICT (day_ms, source) DO UPDATE SET ${adds(ROLLUP_COLUMNS)}`,
  );
  const state = db.prepare<unknown[]>(
    'INSERT INTO meter_state (source, latest_ms, state) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET latest_ms = excluded.latest_ms, state = excluded.state',
  );
  const addCount = db.prepare<[number]>("UPDATE counters SET value = value + ? WHERE name = 'readings'");
  const hourArgs: unknown[] = new Array(2 + ROLLUP_COLUMNS.length);
  const siteArgs: unknown[] = new Array(1 + SITE_COLUMNS.length);
  const stateArgs: unknown[] = new Array(3);

  return {
    write(plan) {
      const n = plan.numbers;
      const s: string[] = new Array(plan.strings);
      for (let i = 0, at = 0, p = n.length - plan.strings; i < plan.strings; i++) {
        const end = at + n[p++]!;
        s[i] = plan.text.slice(at, end);
        at = end;
      }
      let p = 0;
      let inserted = 0;
      for (let i = 0; i < plan.readings; i++) {
        const mask = n[p++]!;
        const { statement, args } = insertFor(mask);
        args[0] = s[n[p++]!];
        args[1] = n[p++];
        const values = args.length - 2 - (mask & INLET_BIT ? 1 : 0);
        let a = 2;
        for (let k = 0; k < values; k++) args[a++] = n[p++];
        if (mask & INLET_BIT) args[a] = s[n[p++]!];
        inserted += statement.run(args).changes;
      }
      const keyed = (count: number, statement: Database.Statement<unknown[]>, args: unknown[]) => {
        for (let i = 0; i < count; i++) {
          args[0] = n[p++];
          args[1] = s[n[p++]!];
          for (let a = 2; a < args.length; a++) args[a] = n[p++];
          statement.run(args);
        }
      };
      keyed(plan.hours, hour, hourArgs);
      for (let i = 0; i < plan.sites; i++) {
        for (let a = 0; a < siteArgs.length; a++) siteArgs[a] = n[p++];
        site.run(siteArgs);
      }
      keyed(plan.days, day, hourArgs);
      for (let i = 0; i < plan.states; i++) {
        stateArgs[0] = s[n[p++]!];
        stateArgs[1] = n[p++];
        stateArgs[2] = s[n[p++]!];
        state.run(stateArgs);
      }
      if (inserted > 0) addCount.run(inserted);
      return inserted;
    },
  };
}
