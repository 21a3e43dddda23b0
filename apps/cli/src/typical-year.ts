// The built-in sites' typical years, precomputed when the CLI is bundled. `npm run build` runs
// deriveConditions(synthesizeYear(getBuiltInSite(id))) of @karst/climate, from the same sources the bundle
// is built from, and writes each site's hourly series to dist/typical-years/<id>.bin: synthesizeYear is
// deterministic (seeded by the site id), so the file holds exactly the hours computeBudget would synthesize.
// A budget then skips ~60 ms of synthesis and psychrometrics per run. From sources (tests, development)
// there is no file and computeBudget synthesizes the year as usual; bin.test.ts checks that the bundled
// answers equal those for every built-in site.
import { readFileSync } from 'node:fs';
import type { OutdoorConditions } from '@karst/climate';

declare const __KARST_BUNDLED__: boolean | undefined;

/** The format version: a file of another version is ignored (the year is synthesized instead). */
const FORMAT = 1;

type SeriesName = Exclude<keyof OutdoorConditions, 'hours'>;
const UINT8_SERIES = ['month', 'day', 'hourOfDay'] as const satisfies readonly SeriesName[];
const FLOAT64_SERIES = [
  'dryBulbC',
  'dewPointC',
  'relativeHumidityPct',
  'pressurePa',
  'windSpeedMps',
  'wetBulbC',
  'humidityRatioKgPerKg',
  'enthalpyKjPerKg',
  'airDensityKgPerM3',
] as const satisfies readonly SeriesName[];

// Every series of OutdoorConditions is in one of the two lists (a compile error otherwise).
type Missing = Exclude<SeriesName, (typeof UINT8_SERIES)[number] | (typeof FLOAT64_SERIES)[number]>;
const _allSeries: Missing extends never ? true : Missing = true;
void _allSeries;

/**
 * A typical year as bytes: [format u32][hours u32], the Float64 series (hours x 8 bytes each, in
 * FLOAT64_SERIES order, little-endian as on every platform Node runs on), then the Uint8 series. Not
 * compressed: the series are full-precision noise (gzip saves a third, and inflating cost more CPU than
 * the rest of reading), and npm's tarball compresses them anyway.
 */
export function encodeTypicalYear(conditions: OutdoorConditions): Buffer {
  const { hours } = conditions;
  const header = Buffer.alloc(8);
  header.writeUInt32LE(FORMAT, 0);
  header.writeUInt32LE(hours, 4);
  const parts: Uint8Array[] = [header];
  for (const name of FLOAT64_SERIES)
    parts.push(Buffer.from(conditions[name].buffer, conditions[name].byteOffset, hours * 8));
  for (const name of UINT8_SERIES)
    parts.push(Buffer.from(conditions[name].buffer, conditions[name].byteOffset, hours));
  return Buffer.concat(parts);
}

/** The conditions `encodeTypicalYear` wrote, or null for a file of another format or a wrong length. */
export function decodeTypicalYear(bytes: Uint8Array): OutdoorConditions | null {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (raw.length < 8 || raw.readUInt32LE(0) !== FORMAT) return null;
  const hours = raw.readUInt32LE(4);
  if (raw.length !== 8 + hours * (8 * FLOAT64_SERIES.length + UINT8_SERIES.length)) return null;
  const series: Record<string, Float64Array | Uint8Array> = {};
  let at = 8;
  for (const name of FLOAT64_SERIES) {
    // A view when the bytes are 8-byte aligned (a file read whole is), else a copy.
    const offset = raw.byteOffset + at;
    series[name] =
      offset % 8 === 0
        ? new Float64Array(raw.buffer, offset, hours)
        : new Float64Array(raw.buffer.slice(offset, offset + hours * 8));
    at += hours * 8;
  }
  for (const name of UINT8_SERIES) {
    series[name] = new Uint8Array(raw.buffer, raw.byteOffset + at, hours);
    at += hours;
  }
  return { hours, ...series } as unknown as OutdoorConditions;
}

const loaded = new Map<string, OutdoorConditions | null>();

/**
 * The precomputed typical year of the built-in site `siteId` (one object per site per process, so a sweep
 * hits computeBudget's per-series cache), or null when running from sources or the file is absent.
 */
export function builtInTypicalYear(siteId: string): OutdoorConditions | null {
  if (typeof __KARST_BUNDLED__ === 'undefined' || !/^[a-z][a-z0-9-]*$/.test(siteId)) return null;
  if (loaded.has(siteId)) return loaded.get(siteId) ?? null;
  let conditions: OutdoorConditions | null = null;
  try {
    conditions = decodeTypicalYear(readFileSync(new URL(`./typical-years/${siteId}.bin`, import.meta.url)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  loaded.set(siteId, conditions);
  return conditions;
}
