import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { meterSchema } from '../telemetry/meters.js';
import { READING_NUMBER_FIELDS, type Reading } from '../telemetry/reading.js';
import {
  addRollup,
  bySourceFirstWins,
  HOUR_MS,
  type HourRollup,
  type MeterState,
  type PolicyOf,
  planSource,
  ROLLUP_NUMBER_FIELDS,
  RollupDeltas,
} from '../telemetry/rollup.js';
import {
  NUMBER_COLUMNS,
  planWriter,
  ROLLUP_COLUMNS,
  SITE_COLUMNS,
  type WritePlan,
  WritePlanBuilder,
} from './sqlite-write.js';
import { WriterThread } from './sqlite-writer-thread.js';
import type { WriterReply } from './sqlite-writer-worker.js';
import {
  assertStorableTimestamp,
  DEFAULT_POLICY,
  type SeriesBucket,
  type TelemetryStore,
} from './telemetry-store.js';

/** Where the embedded store keeps its file unless told otherwise. */
export const DEFAULT_SQLITE_PATH = './data/karst.sqlite';

/** The schema version this code writes; kept in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 2;

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. `:memory:` for a throwaway store. */
  readonly path: string;
  /**
   * Where batches are written: `worker` (the default for a file) on a writer thread owning the write
   * connection, so that a request's parsing and planning overlap the previous batch's commit; `main` in
   * this thread (always for `:memory:`, which another thread cannot open).
   */
  readonly writer?: 'worker' | 'main';
  /** Entries the planner remembers of the file before it starts over (default {@link WRITE_CACHE_ENTRIES}). */
  readonly writeCacheEntries?: number;
}

/** Attempts at a batch the writer thread refused as stale (another connection kept committing) before failing. */
const MAX_STALE_ATTEMPTS = 5;

const DAY_MS = 86_400_000;

const COLUMNS = `source, timestamp_ms, ${NUMBER_COLUMNS.join(', ')}, inlet_temperatures_c`;
/** Schema version 2: optional measurements, hour rollups, meter states, the registry, a reading count. */
export const SQLITE_SCHEMA_V2 = `
  CREATE TABLE readings (
    source TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    ${NUMBER_COLUMNS.map((column) => `${column} REAL`).join(',\n    ')},
    -- JSON array of numbers, NULL when the reading had none.
    inlet_temperatures_c TEXT,
    PRIMARY KEY (source, timestamp_ms)
  ) WITHOUT ROWID;
  -- Serves range (and its ORDER BY) without a sort.
  CREATE INDEX readings_by_time ON readings (timestamp_ms, source);
  CREATE TABLE rollup_hour (
    hour_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    ${ROLLUP_COLUMNS.map((column) => `${column} REAL NOT NULL`).join(',\n    ')},
    PRIMARY KEY (hour_ms, source)
  ) WITHOUT ROWID;
  -- The site per hour, kept with rollup_hour: sums over meters, and each role's sum over meters of the
  -- meter's mean power in the hour (kWh / covered time), so a month's series reads 744 rows, not 74,400.
  CREATE TABLE rollup_site_hour (
    hour_ms INTEGER PRIMARY KEY,
    meters INTEGER NOT NULL,
    ${ROLLUP_COLUMNS.map((column) => `${column} REAL NOT NULL`).join(',\n    ')},
    facility_mean_kw REAL NOT NULL, it_mean_kw REAL NOT NULL, cooling_mean_kw REAL NOT NULL,
    facility_meters INTEGER NOT NULL, it_meters INTEGER NOT NULL, cooling_meters INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Each meter per UTC day, the sums of its hours: a month's per-meter totals read ~3,100 rows, not 74,400.
  CREATE TABLE rollup_day (
    day_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    ${ROLLUP_COLUMNS.map((column) => `${column} REAL NOT NULL`).join(',\n    ')},
    PRIMARY KEY (day_ms, source)
  ) WITHOUT ROWID;
  -- The latest reading of each meter (JSON MeterState).
  CREATE TABLE meter_state (source TEXT PRIMARY KEY, latest_ms INTEGER NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE meters (id TEXT PRIMARY KEY, meter TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO counters (name, value) VALUES ('readings', 0);
`;

/**
 * `MIGRATIONS[n]` takes a database from schema version n to n + 1. Append only: a database
 * already at version n never runs steps before n again.
 */
const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) =>
    db.exec(`
  CREATE TABLE readings (
    source TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    facility_power_kw REAL NOT NULL,
    it_power_kw REAL NOT NULL,
    outdoor_dry_bulb_c REAL NOT NULL,
    outdoor_dew_point_c REAL NOT NULL,
    inlet_temperatures_c TEXT,
    PRIMARY KEY (source, timestamp_ms)
  ) WITHOUT ROWID;
  CREATE INDEX readings_by_time ON readings (timestamp_ms, source);
  `),
  (db) => {
    db.exec(`ALTER TABLE readings RENAME TO readings_v1; DROP INDEX readings_by_time;`);
    db.exec(SQLITE_SCHEMA_V2);
    db.exec(`
      INSERT INTO readings (source, timestamp_ms, facility_power_kw, it_power_kw, outdoor_dry_bulb_c, outdoor_dew_point_c, inlet_temperatures_c)
        SELECT source, timestamp_ms, facility_power_kw, it_power_kw, outdoor_dry_bulb_c, outdoor_dew_point_c, inlet_temperatures_c FROM readings_v1;
      DROP TABLE readings_v1;
      UPDATE counters SET value = (SELECT count(*) FROM readings) WHERE name = 'readings';
    `);
    // Rollups and meter states of the readings already stored, with the default policy.
    const sources = db.prepare<[], { source: string }>('SELECT DISTINCT source FROM readings').all();
    const all = db.prepare<[string], ReadingRow>(
      `SELECT ${COLUMNS} FROM readings WHERE source = ? ORDER BY timestamp_ms`,
    );
    // The readings are stored already: their inserts do nothing, the rollups and states are written.
    const plans = planner(db);
    const write = planWriter(db);
    for (const { source } of sources)
      write.write(plans.plan(new Map([[source, all.all(source).map(rowToReading)]]), DEFAULT_POLICY));
  },
];

type ReadingRow = {
  source: string;
  timestamp_ms: number;
  inlet_temperatures_c: string | null;
} & Record<(typeof NUMBER_COLUMNS)[number], number | null>;

type RollupRow = { hour_ms: number; source: string } & Record<(typeof ROLLUP_COLUMNS)[number], number>;

/** Entries the planner's memory of the file keeps before it starts over (a few MB; a miss is a key read). */
export const WRITE_CACHE_ENTRIES = 20_000;

/**
 * Plans batches: what each writes (readings, hour, day and site-hour rollups, meter states), as the rows of
 * a {@link WritePlan}. It remembers the meter states and hour rollups as they are after every batch it has
 * planned, so an in-order batch reads nothing back; the store drops that memory ({@link forget}) when another
 * connection has committed, when a batch failed, and when it holds over {@link WRITE_CACHE_ENTRIES} entries.
 * What it does read (a state or rollup not remembered; the stored neighbours of an out-of-order batch) it
 * reads through `db`, which must then show every batch planned so far: the store plans those reads only once
 * the batches in flight have committed.
 */
function planner(db: Database.Database) {
  const getRollup = db.prepare<[number, string], Record<(typeof ROLLUP_COLUMNS)[number], number>>(
    `SELECT ${ROLLUP_COLUMNS.join(', ')} FROM rollup_hour WHERE hour_ms = ? AND source = ?`,
  );
  const getState = db.prepare<[string], string>('SELECT state FROM meter_state WHERE source = ?').pluck();
  const beforeStatement = db.prepare<[string, number], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings WHERE source = ? AND timestamp_ms < ? ORDER BY timestamp_ms DESC LIMIT 1`,
  );
  const afterStatement = db.prepare<[string, number], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings WHERE source = ? AND timestamp_ms > ? ORDER BY timestamp_ms LIMIT 1`,
  );
  const betweenStatement = db.prepare<[string, number, number], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings WHERE source = ? AND timestamp_ms BETWEEN ? AND ? ORDER BY timestamp_ms`,
  );

  /**
   * Hour rollups (values in `ROLLUP_NUMBER_FIELDS` order; null: no row) and meter states (copies sharing
   * nothing with a caller's readings; null: none), as after the batches planned.
   */
  const rollups = new Map<string, Map<number, number[] | null>>();
  let rollupEntries = 0;
  const states = new Map<string, MeterState | null>();

  const stateOf = (source: string): MeterState | undefined => {
    let state = states.get(source);
    if (state === undefined) {
      const json = getState.get(source);
      state = json === undefined ? null : (JSON.parse(json) as MeterState);
      states.set(source, state);
    }
    return state ?? undefined;
  };

  /** The hour rollups remembered of `source`, by hour (a Map per meter: no string key per meter-hour). */
  const hoursOf = (source: string): Map<number, number[] | null> => {
    let hours = rollups.get(source);
    if (hours === undefined) {
      hours = new Map();
      rollups.set(source, hours);
    }
    return hours;
  };

  const rollupOf = (hours: Map<number, number[] | null>, hourMs: number, source: string): number[] | null => {
    const cached = hours.get(hourMs);
    if (cached !== undefined) return cached;
    const row = getRollup.get(hourMs, source);
    return row === undefined ? null : ROLLUP_COLUMNS.map((column) => row[column]);
  };

  /** Adds meter-hour deltas to the plan, and what they change of the meter-days and the site hours. */
  const planRollups = (plan: WritePlanBuilder, rows: readonly HourRollup[]): void => {
    const sites = new Map<number, number[]>();
    /** Per meter and UTC day, the sum of its hour deltas (added in row order, from 0). */
    const days = new Map<string, Map<number, number[]>>();
    const mean = (kwh: number, covered: number) => (covered > 0 ? (kwh * HOUR_MS) / covered : 0);
    let hours: Map<number, number[] | null> | undefined;
    let hoursSource: string | undefined;
    let sourceDays: Map<number, number[]> | undefined;
    for (const row of rows) {
      const { source, hourMs } = row;
      if (source !== hoursSource) {
        hoursSource = source;
        hours = hoursOf(source);
        sourceDays = days.get(source);
        if (sourceDays === undefined) {
          sourceDays = new Map();
          days.set(source, sourceDays);
        }
      }
      const deltas = [
        row.facilityKwh,
        row.itKwh,
        row.coolingKwh,
        row.facilityCoveredMs,
        row.itCoveredMs,
        row.coolingCoveredMs,
        row.samples,
        row.dryBulbSumC,
        row.dryBulbSamples,
      ];
      const dayMs = hourMs - (hourMs % DAY_MS);
      let day = sourceDays!.get(dayMs);
      if (day === undefined) {
        day = new Array(deltas.length).fill(0);
        sourceDays!.set(dayMs, day);
      }
      for (let index = 0; index < deltas.length; index++) day[index]! += deltas[index]!;
      const before = rollupOf(hours!, hourMs, source);
      // The sums SQLite computes (col + excluded.col), in the same double arithmetic.
      const after = before === null ? deltas : before.map((value, index) => value + deltas[index]!);
      plan.hour(hourMs, source, deltas);
      if (!hours!.has(hourMs)) rollupEntries++;
      hours!.set(hourMs, after);
      let site = sites.get(hourMs);
      if (site === undefined) {
        site = new Array(SITE_COLUMNS.length).fill(0);
        sites.set(hourMs, site);
      }
      if (before === null) site[0]! += 1;
      for (let index = 0; index < deltas.length; index++) site[1 + index]! += deltas[index]!;
      // Each role's mean power of the meter in the hour, before and after (covered ms are whole numbers).
      for (let role = 0; role < 3; role++) {
        const kwhBefore = before === null ? 0 : before[role]!;
        const coveredBefore = before === null ? 0 : before[3 + role]!;
        const kwhNow = after[role]!;
        const coveredNow = after[3 + role]!;
        site[1 + ROLLUP_COLUMNS.length + role]! += mean(kwhNow, coveredNow) - mean(kwhBefore, coveredBefore);
        site[4 + ROLLUP_COLUMNS.length + role]! += Number(coveredNow > 0) - Number(coveredBefore > 0);
      }
    }
    for (const [hourMs, site] of sites) plan.site(hourMs, site);
    for (const [source, sourceDays] of days)
      for (const [dayMs, day] of sourceDays) plan.day(dayMs, source, day);
  };

  return {
    /** Forgets all it remembers of the file. */
    forget(): void {
      rollups.clear();
      rollupEntries = 0;
      states.clear();
    },
    /** Entries remembered. */
    entries(): number {
      return rollupEntries + states.size;
    },
    /** Whether planning `groups` reads stored readings (a batch not after its meters' latest readings). */
    readsReadings(groups: Map<string, Reading[]>): boolean {
      for (const [source, fresh] of groups) {
        const state = stateOf(source);
        if (state !== undefined && state.latest.timestampMs >= fresh[0]!.timestampMs) return true;
      }
      return false;
    },
    /**
     * The readings rows of `groups` whose meters' latest readings are all before them (see
     * {@link readsReadings}): every reading is new, so they can be written before the rest is planned.
     */
    readingsPlan(groups: Map<string, Reading[]>): WritePlan {
      let readings = 0;
      for (const fresh of groups.values()) readings += fresh.length;
      // Mask, source, timestamp and facility and IT power (the usual reading); one length per meter.
      const builder = new WritePlanBuilder(readings * 5 + groups.size);
      for (const fresh of groups.values()) for (const r of fresh) builder.reading(r);
      return builder.build();
    },
    /**
     * The rows storing `groups` (from {@link bySourceFirstWins}) writes, without the readings rows when
     * `readingsApart` (given by {@link readingsPlan}); remembers them as written.
     */
    plan(groups: Map<string, Reading[]>, policyOf: PolicyOf, readingsApart = false): WritePlan {
      // Per meter about two hour rows and two day rows (11 numbers each), a state and two strings.
      const builder = new WritePlanBuilder(groups.size * 50 + 64);
      const deltas = new RollupDeltas();
      const planned: MeterState[] = [];
      for (const [source, fresh] of groups) {
        const state = stateOf(source);
        const firstMs = fresh[0]!.timestampMs;
        const lastMs = fresh.at(-1)!.timestampMs;
        let stored: Reading[];
        if (state === undefined) stored = [];
        else if (state.latest.timestampMs < firstMs) stored = [state.latest];
        else {
          // Out of order: the neighbours and everything stored between the first and last new reading.
          const before = beforeStatement.get(source, firstMs);
          const after = afterStatement.get(source, lastMs);
          stored = [
            ...(before === undefined ? [] : [before]),
            ...betweenStatement.all(source, firstMs, lastMs),
            ...(after === undefined ? [] : [after]),
          ].map(rowToReading);
        }
        const plan = planSource(stored, fresh, policyOf(source), deltas);
        if (!readingsApart) for (const r of plan.inserted) builder.reading(r);
        if (plan.state) planned.push(plan.state);
      }
      planRollups(builder, deltas.rows());
      for (const state of planned) {
        builder.state(state.source, state.latest.timestampMs, JSON.stringify(state));
        const latest: Record<string, unknown> = { ...state.latest };
        if (state.latest.inletTemperaturesC !== undefined)
          latest.inletTemperaturesC = [...state.latest.inletTemperaturesC];
        states.set(state.source, {
          source: state.source,
          latest: latest as unknown as Reading,
          livePowerKw: { ...state.livePowerKw },
        });
      }
      return builder.build();
    },
  };
}

/**
 * Opens (and on first start creates, or migrates) the SQLite telemetry store: WAL with
 * `synchronous = FULL`, so a batch is on disk when `insert` resolves, even if the process is killed right
 * after. Each batch is one transaction: readings, rollups, meter states and the count move together.
 * On a file, batches are planned in this thread and written by a writer thread (sqlite-writer-worker.ts):
 * `insert` resolves once that thread has committed, and rejects when it failed the batch or died (the next
 * batch starts a new thread). Reads run on this thread's connection and see committed batches only.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<TelemetryStore> {
  const { path } = options;
  const inThread = path === ':memory:' || path === '' || options.writer === 'main';
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });

  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Another process (a CLI import, a second server) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    checkIntegrity(db, path);
    migrate(db);
    probeWrite(db, path);
  } catch (error) {
    db.close();
    throw error;
  }

  const rangeStatement = db.prepare<[number, number], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings WHERE timestamp_ms >= ? AND timestamp_ms < ? ORDER BY timestamp_ms, source`,
  );
  const statesStatement = db.prepare<[], { state: string }>('SELECT state FROM meter_state ORDER BY source');
  const latestStatement = db.prepare<[], { state: string }>(
    'SELECT state FROM meter_state ORDER BY latest_ms DESC, source DESC LIMIT 1',
  );
  const countStatement = db.prepare<[], { value: number }>(
    "SELECT value FROM counters WHERE name = 'readings'",
  );
  // better-sqlite3 binds numbers as REAL: bucket indexes are cast to INTEGER.
  const rollupSums = ROLLUP_COLUMNS.map((column) => `sum(${column}) AS ${column}`).join(', ');
  const rollupsStatement = (bySource: boolean) =>
    db.prepare<{ from: number; to: number; step: number }, RollupRow>(
      `SELECT $from + CAST((hour_ms - $from) / $step AS INTEGER) * $step AS hour_ms, ${bySource ? 'source' : "'' AS source"}, ${rollupSums}
       FROM rollup_hour WHERE hour_ms >= $from AND hour_ms < $to
       GROUP BY 1${bySource ? ', source' : ''} ORDER BY 1${bySource ? ', source' : ''}`,
    );
  const rollupStatements = { true: rollupsStatement(true), false: rollupsStatement(false) };
  const dayTotals = db.prepare<{ from: number; to: number }, RollupRow>(
    `SELECT $from AS hour_ms, source, ${rollupSums} FROM rollup_day WHERE day_ms >= $from AND day_ms < $to GROUP BY source`,
  );
  const seriesOneSource = db.prepare<
    { from: number; to: number; step: number; source: string },
    SeriesBucket
  >(
    `SELECT CAST((hour_ms - $from) / $step AS INTEGER) * $step + $from AS bucketMs, sum(samples) AS samples,
       count(DISTINCT source) AS meters, sum(facility_kwh) AS facilityKwh, sum(it_kwh) AS itKwh,
       sum(cooling_kwh) AS coolingKwh, sum(facility_covered_ms) AS facilityCoveredMs,
       sum(it_covered_ms) AS itCoveredMs, sum(cooling_covered_ms) AS coolingCoveredMs,
       avg(CASE WHEN facility_covered_ms > 0 THEN facility_kwh * 3600000.0 / facility_covered_ms END) AS meanFacilityPowerKw,
       avg(CASE WHEN it_covered_ms > 0 THEN it_kwh * 3600000.0 / it_covered_ms END) AS meanItPowerKw,
       avg(CASE WHEN cooling_covered_ms > 0 THEN cooling_kwh * 3600000.0 / cooling_covered_ms END) AS meanCoolingPowerKw
     FROM rollup_hour WHERE hour_ms >= $from AND hour_ms < $to AND source = $source
     GROUP BY 1 ORDER BY 1`,
  );
  const seriesSite = db.prepare<{ from: number; to: number; step: number }, SeriesBucket>(
    `SELECT CAST((hour_ms - $from) / $step AS INTEGER) * $step + $from AS bucketMs, sum(samples) AS samples,
       max(meters) AS meters, sum(facility_kwh) AS facilityKwh, sum(it_kwh) AS itKwh,
       sum(cooling_kwh) AS coolingKwh, sum(facility_covered_ms) AS facilityCoveredMs,
       sum(it_covered_ms) AS itCoveredMs, sum(cooling_covered_ms) AS coolingCoveredMs,
       avg(CASE WHEN facility_meters > 0 THEN facility_mean_kw END) AS meanFacilityPowerKw,
       avg(CASE WHEN it_meters > 0 THEN it_mean_kw END) AS meanItPowerKw,
       avg(CASE WHEN cooling_meters > 0 THEN cooling_mean_kw END) AS meanCoolingPowerKw
     FROM rollup_site_hour WHERE hour_ms >= $from AND hour_ms < $to AND meters > 0
     GROUP BY 1 ORDER BY 1`,
  );
  const sampleBucketsStatement = db.prepare<{ from: number; to: number; step: number }, SampleRow>(
    `SELECT source, $from + CAST((timestamp_ms - $from) / $step AS INTEGER) * $step AS bucket_ms, count(*) AS samples,
       avg(facility_power_kw) AS facility, avg(it_power_kw) AS it, avg(cooling_power_kw) AS cooling
     FROM readings WHERE timestamp_ms >= $from AND timestamp_ms < $to GROUP BY 2, source ORDER BY 2, source`,
  );
  const metersStatement = db.prepare<[], { meter: string }>('SELECT meter FROM meters ORDER BY id');
  const putMeterStatement = db.prepare<[string, string]>(
    'INSERT INTO meters (id, meter) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET meter = excluded.meter',
  );

  const plans = planner(db);
  const cacheEntries = options.writeCacheEntries ?? WRITE_CACHE_ENTRIES;
  const thread = inThread ? undefined : new WriterThread(path, () => plans.forget());
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('SQLite telemetry store is closed');
  };

  // In-process: plan and write in one IMMEDIATE transaction on this connection.
  const write = planWriter(db);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seenVersion: number | undefined;
  const insertHere = db.transaction((groups: Map<string, Reading[]>, policyOf: PolicyOf): number => {
    // Another connection's commit may have changed what the planner remembers.
    const version = dataVersion.get()!;
    if (version !== seenVersion || plans.entries() > cacheEntries) plans.forget();
    seenVersion = version;
    const plan = plans.plan(groups, policyOf);
    const inserted = write.write(plan);
    if (inserted !== plan.inserted)
      throw new Error(`SQLite store: planned ${plan.inserted} new readings, ${inserted} were new`);
    return inserted;
  });

  // On the writer thread: batches are planned here one at a time, in order, and committed there in the
  // same order, so the next batch is planned (and the next request parsed) while this one commits.
  let planning: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const turn = planning.then(step);
    planning = turn.catch(() => undefined);
    return turn;
  };
  const insertThere = async (
    writer: WriterThread,
    groups: Map<string, Reading[]>,
    policyOf: PolicyOf,
  ): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      const sent = await inTurn(async () => {
        // What the planner reads from the file must show every batch planned before: let those commit.
        if (writer.inFlight > 0 && (plans.entries() > cacheEntries || plans.readsReadings(groups)))
          await writer.drain();
        if (plans.entries() > cacheEntries) plans.forget();
        const epoch = writer.epoch;
        if (plans.readsReadings(groups))
          return { epoch, reply: writer.write(plans.plan(groups, policyOf), epoch) };
        // In order: the thread inserts the readings while the rest is planned here.
        const { id, reply } = writer.begin(plans.readingsPlan(groups), epoch);
        try {
          writer.finish(id, plans.plan(groups, policyOf, true));
        } catch (error) {
          writer.abort(id);
          throw error;
        }
        return { epoch, reply };
      });
      const reply = await sent.reply;
      if ('ok' in reply) return reply.inserted;
      // Failed or refused: the epoch is over, and with it what the planner remembers of its batches.
      if (writer.epoch === sent.epoch) {
        writer.epoch++;
        plans.forget();
      }
      if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      if (attempt >= MAX_STALE_ATTEMPTS)
        throw new Error(`SQLite store ${path}: another writer changed the file under ${attempt} attempts`);
    }
  };

  const store: TelemetryStore = {
    kind: 'sqlite',
    async insert(readings, policyOf = DEFAULT_POLICY) {
      assertOpen();
      readings.forEach(assertStorableTimestamp);
      if (readings.length === 0) return { inserted: 0, duplicates: 0 };
      const groups = bySourceFirstWins(readings);
      let inserted: number;
      try {
        inserted =
          thread === undefined
            ? insertHere.immediate(groups, policyOf)
            : await insertThere(thread, groups, policyOf);
      } catch (error) {
        // Rolled back: what the planner remembers of this batch (and any after it) was never stored.
        if (thread === undefined) plans.forget();
        throw error;
      }
      return { inserted, duplicates: readings.length - inserted };
    },
    async range(fromMs, toMs) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      return rangeStatement.all(fromMs, Math.min(toMs, Number.MAX_SAFE_INTEGER)).map(rowToReading);
    },
    async latest() {
      assertOpen();
      const row = latestStatement.get();
      return row === undefined ? undefined : (JSON.parse(row.state) as MeterState).latest;
    },
    async count() {
      assertOpen();
      return countStatement.get()?.value ?? 0;
    },
    async meterStates() {
      assertOpen();
      return statesStatement.all().map((row) => JSON.parse(row.state) as MeterState);
    },
    async rollups(fromMs, toMs, { stepMs, bySource }) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      if (bySource && stepMs >= toMs - fromMs && toMs - fromMs > 2 * DAY_MS) {
        // One bucket per meter (a month's totals): whole UTC days from the day rollups, the edges from hours.
        const firstDayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
        const endDayMs = Math.floor(toMs / DAY_MS) * DAY_MS;
        const totals = new RollupDeltas();
        const parts = [
          ...rollupStatements.true.all({ from: fromMs, to: firstDayMs, step: stepMs }),
          ...dayTotals.all({ from: firstDayMs, to: endDayMs }),
          ...rollupStatements.true.all({ from: endDayMs, to: toMs, step: stepMs }),
        ];
        for (const row of parts) addRollup(totals.at(row.source, fromMs), rowToRollup(row));
        return totals.rows().sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
      }
      return rollupStatements[`${bySource}`]
        .all({ from: fromMs, to: toMs, step: stepMs })
        .map((row) => rowToRollup(row));
    },
    async series(fromMs, toMs, stepMs, source) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      const params = { from: fromMs, to: toMs, step: stepMs };
      return source === undefined ? seriesSite.all(params) : seriesOneSource.all({ ...params, source });
    },
    async sampleBuckets(fromMs, toMs, stepMs) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      return sampleBucketsStatement.all({ from: fromMs, to: toMs, step: stepMs }).map((row) => ({
        source: row.source,
        bucketMs: row.bucket_ms,
        samples: row.samples,
        facilityPowerKw: row.facility,
        itPowerKw: row.it,
        coolingPowerKw: row.cooling,
      }));
    },
    async meters() {
      assertOpen();
      return metersStatement.all().map((row) => meterSchema.parse(JSON.parse(row.meter)));
    },
    async putMeter(meter) {
      assertOpen();
      const json = JSON.stringify(meter);
      if (thread === undefined) putMeterStatement.run(meter.id, json);
      else answered(await thread.request({ type: 'meter', meterId: meter.id, json }));
    },
    async ping() {
      assertOpen();
      // A write, not a read: a file that opened but no longer takes writes (read-only, full) is not ready.
      if (thread === undefined) probeWrite(db, path);
      else {
        const reply = await thread.request({ type: 'ping' });
        if ('error' in reply)
          throw new Error(`SQLite file ${path} does not take writes: ${reply.error.message}`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await planning;
      await thread?.drain();
      await thread?.close();
      db.close();
    },
  };
  if (thread !== undefined) {
    try {
      await thread.ready();
    } catch (error) {
      db.close();
      throw error;
    }
  }
  internals.set(store, {
    writeCacheEntries: () => plans.entries(),
    terminateWriter: async () => thread?.terminate(),
  });
  return store;
}

/** A writer thread's answer to a request other than a write: throws its error. */
function answered(reply: WriterReply): void {
  if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
}

/** What tests may see of a SQLite store: its planner's memory, and its writer thread (to stop it). */
export interface SqliteStoreInternals {
  /** Entries the planner remembers (bounded by the `writeCacheEntries` option). */
  writeCacheEntries(): number;
  /** Stops the writer thread at once, as a crash would; the next write starts a new one. */
  terminateWriter(): Promise<void>;
}
const internals = new WeakMap<TelemetryStore, SqliteStoreInternals>();

/** The internals of a store from {@link createSqliteStore}, for tests. */
export function sqliteStoreInternals(store: TelemetryStore): SqliteStoreInternals {
  const found = internals.get(store);
  if (found === undefined) throw new Error('not a SQLite store');
  return found;
}

/**
 * `PRAGMA quick_check` (every page and index, without cross-checking index contents: seconds for a
 * gigabyte): a corrupt file is refused at start, naming it, rather than served until a read fails.
 */
function checkIntegrity(db: Database.Database, path: string): void {
  if (path === ':memory:' || path === '') return;
  const rows = db.pragma('quick_check(10)') as { quick_check: string }[];
  const findings = rows.map((row) => row.quick_check).filter((finding) => finding !== 'ok');
  if (findings.length > 0) {
    throw new Error(
      `SQLite file ${path} is corrupt (PRAGMA quick_check: ${findings.join('; ').slice(0, 500)})`,
    );
  }
}

/** Rewrites the schema version with its own value: a write transaction that fails on a read-only file or disk. */
function probeWrite(db: Database.Database, path: string): void {
  try {
    db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
  } catch (error) {
    throw new Error(`SQLite file ${path} does not take writes: ${(error as Error).message}`);
  }
}

interface SampleRow {
  source: string;
  bucket_ms: number;
  samples: number;
  facility: number | null;
  it: number | null;
  cooling: number | null;
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `SQLite telemetry store at schema version ${version} is newer than this code (${MIGRATIONS.length})`,
    );
  }
  if (version === MIGRATIONS.length) return;
  // user_version lives in the database header, so it commits (or rolls back) with the migration.
  db.transaction(() => {
    if (version === 0) db.exec(SQLITE_SCHEMA_V2);
    else for (let step = version; step < MIGRATIONS.length; step++) MIGRATIONS[step]!(db);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

function rowToReading(row: ReadingRow): Reading {
  const reading: Record<string, unknown> = { source: row.source, timestampMs: row.timestamp_ms };
  NUMBER_COLUMNS.forEach((column, index) => {
    const value = row[column];
    if (value !== null) reading[READING_NUMBER_FIELDS[index]!] = value;
  });
  if (row.inlet_temperatures_c !== null) reading.inletTemperaturesC = JSON.parse(row.inlet_temperatures_c);
  return reading as unknown as Reading;
}

function rowToRollup(row: RollupRow): HourRollup {
  const rollup: Record<string, unknown> = { source: row.source, hourMs: row.hour_ms };
  ROLLUP_COLUMNS.forEach((column, index) => {
    rollup[ROLLUP_NUMBER_FIELDS[index]!] = row[column];
  });
  return rollup as unknown as HourRollup;
}
