// Child process of the SQLite durability test: inserts a batch, says so, then dies by SIGKILL with no
// chance to close the database or flush anything.
import { createSqliteStore } from './sqlite-store.js';

const [path, countText] = process.argv.slice(2);
if (path === undefined || countText === undefined)
  throw new Error('usage: sqlite-crash-child <path> <count>');
const store = await createSqliteStore({ path });
const readings = Array.from({ length: Number(countText) }, (_, index) => ({
  source: 'crash',
  timestampMs: 1_795_867_200_000 + index * 1_000,
  facilityPowerKw: 1_200,
  itPowerKw: 1_000,
  outdoorDryBulbC: 18,
  outdoorDewPointC: 9,
}));
const result = await store.insert(readings);
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'));
