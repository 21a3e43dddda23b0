import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Reading } from '../telemetry/reading.js';
import type { InsertResult, TelemetryStore } from './telemetry-store.js';

/** Where the embedded store keeps its file unless told otherwise. */
export const DEFAULT_SQLITE_PATH = './data/karst.sqlite';

/** The schema version this code writes; kept in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 1;

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. `:memory:` for a throwaway store. */
  readonly path: string;
}

/**
 * `MIGRATIONS[n]` takes a database from schema version n to n + 1. Append only: a database
 * already at version n never runs steps before n again.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE readings (
    source TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    facility_power_kw REAL NOT NULL,
    it_power_kw REAL NOT NULL,
    outdoor_dry_bulb_c REAL NOT NULL,
    outdoor_dew_point_c REAL NOT NULL,
    -- JSON array of numbers, NULL when the reading had none.
    inlet_temperatures_c TEXT,
    PRIMARY KEY (source, timestamp_ms)
  ) WITHOUT ROWID;
  -- Serves range (and its ORDER BY) and latest without a sort.
  CREATE INDEX readings_by_time ON readings (timestamp_ms, source);
  `,
];

interface ReadingRow {
  source: string;
  timestamp_ms: number;
  facility_power_kw: number;
  it_power_kw: number;
  outdoor_dry_bulb_c: number;
  outdoor_dew_point_c: number;
  inlet_temperatures_c: string | null;
}

const COLUMNS =
  'source, timestamp_ms, facility_power_kw, it_power_kw, outdoor_dry_bulb_c, outdoor_dew_point_c, inlet_temperatures_c';

/**
 * Opens (and on first start creates) the SQLite telemetry store: WAL with `synchronous = FULL`, so a
 * batch is on disk when `insert` resolves, even if the process is killed right after.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<TelemetryStore> {
  const { path } = options;
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

  const insertStatement = db.prepare<[string, number, number, number, number, number, string | null]>(
    `INSERT INTO readings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, timestamp_ms) DO NOTHING`,
  );
  const rangeStatement = db.prepare<[number, number], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings WHERE timestamp_ms >= ? AND timestamp_ms < ? ORDER BY timestamp_ms, source`,
  );
  const latestStatement = db.prepare<[], ReadingRow>(
    `SELECT ${COLUMNS} FROM readings ORDER BY timestamp_ms DESC, source DESC LIMIT 1`,
  );
  const countStatement = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM readings');

  const insertBatch = db.transaction((readings: readonly Reading[]): InsertResult => {
    let inserted = 0;
    for (const reading of readings) {
      const { changes } = insertStatement.run(
        reading.source,
        reading.timestampMs,
        reading.facilityPowerKw,
        reading.itPowerKw,
        reading.outdoorDryBulbC,
        reading.outdoorDewPointC,
        reading.inletTemperaturesC === undefined ? null : JSON.stringify(reading.inletTemperaturesC),
      );
      inserted += changes;
    }
    return { inserted, duplicates: readings.length - inserted };
  });

  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('SQLite telemetry store is closed');
  };

  return {
    kind: 'sqlite',
    async insert(readings) {
      assertOpen();
      readings.forEach(assertStorableTimestamp);
      if (readings.length === 0) return { inserted: 0, duplicates: 0 };
      return insertBatch(readings);
    },
    async range(fromMs, toMs) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      return rangeStatement.all(fromMs, toMs).map(rowToReading);
    },
    async latest() {
      assertOpen();
      const row = latestStatement.get();
      return row === undefined ? undefined : rowToReading(row);
    },
    async count() {
      assertOpen();
      return countStatement.get()?.n ?? 0;
    },
    async ping() {
      assertOpen();
      // A write, not a read: a file that opened but no longer takes writes (read-only, full) is not ready.
      probeWrite(db, path);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
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
    for (let step = version; step < MIGRATIONS.length; step++) db.exec(MIGRATIONS[step]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Both stores accept the same timestamps: whole milliseconds from 1970 up to (not including) 2286-11-20. */
function assertStorableTimestamp(reading: Reading): void {
  const { timestampMs } = reading;
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0 || timestampMs >= 1e13) {
    throw new RangeError(`timestampMs ${timestampMs} of ${reading.source} is not a whole ms in [0, 1e13)`);
  }
}

function rowToReading(row: ReadingRow): Reading {
  const reading: Reading = {
    source: row.source,
    timestampMs: row.timestamp_ms,
    facilityPowerKw: row.facility_power_kw,
    itPowerKw: row.it_power_kw,
    outdoorDryBulbC: row.outdoor_dry_bulb_c,
    outdoorDewPointC: row.outdoor_dew_point_c,
  };
  if (row.inlet_temperatures_c === null) return reading;
  return { ...reading, inletTemperaturesC: JSON.parse(row.inlet_temperatures_c) as number[] };
}
