import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

/**
 * The known key nearest to `key` by edit distance, when it is near enough to be a typo (at most a third
 * of the key's length, and at least 1, edits apart; `supplyAirSetpiontC` -> `supplyAirSetpointC`).
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = key.toLowerCase();
  const match = closest(
    lower,
    known.map((name) => name.toLowerCase()),
  );
  const index = known.findIndex((name) => name.toLowerCase() === match);
  const limit = Math.max(1, Math.floor(key.length / 3));
  if (index >= 0 && distance(lower, match) <= limit) return known[index];
  return containingAllWords(key, known) ?? onlyStartingWith(lower, known);
}

/** The one known name that starts with `lower` (3 characters or more): `indirect-evap` -> `indirect-evaporative`. */
function onlyStartingWith(lower: string, known: readonly string[]): string | undefined {
  if (lower.length < 3) return undefined;
  const starting = known.filter((name) => name.toLowerCase().startsWith(lower));
  return starting.length === 1 ? starting[0] : undefined;
}

/** The camelCase words of a key, lower-cased: `hydroContractShare` -> hydro, contract, share. */
function wordsOf(key: string): string[] {
  return key
    .split(/(?=[A-Z])|[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/**
 * The shortest known key that holds every word of `key` (two or more, of 3 letters or more), for a shortened name
 * too far from the real one by edits: `hydroShare` -> `hydroContractShare`.
 */
function containingAllWords(key: string, known: readonly string[]): string | undefined {
  const words = wordsOf(key);
  if (words.length < 2 || words.some((word) => word.length < 3)) return undefined;
  return known
    .filter((name) => {
      const nameWords = wordsOf(name);
      return words.every((word) => nameWords.includes(word));
    })
    .sort((a, b) => a.length - b.length)[0];
}

/**
 * The keys of an object schema, with the keys of its object-valued fields one level down as dotted paths
 * (`itPlan.utilization`), so a field given at the wrong level is pointed to where it belongs. Optional,
 * default, prefault, nullable and pipe wrappers are looked through.
 */
function knownKeys(shape: z.core.$ZodLooseShape): string[] {
  const keys = Object.keys(shape);
  const nested: string[] = [];
  for (const key of keys) {
    const inner = objectShape(shape[key]);
    if (inner) for (const child of Object.keys(inner)) nested.push(`${key}.${child}`);
  }
  return [...keys, ...nested];
}

function objectShape(schema: unknown, depth = 0): z.core.$ZodLooseShape | undefined {
  if (depth > 8 || typeof schema !== 'object' || schema === null || !('_zod' in schema)) return undefined;
  const def = (schema as z.core.$ZodType)._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'object') return def.shape as z.core.$ZodLooseShape;
  // A union of objects (the cooling designs): the keys of every option.
  if (def.type === 'union' && Array.isArray(def.options)) {
    const merged: z.core.$ZodLooseShape = {};
    for (const option of def.options) Object.assign(merged, objectShape(option, depth + 1));
    return Object.keys(merged).length > 0 ? merged : undefined;
  }
  return objectShape(def.innerType ?? def.in, depth + 1);
}

/**
 * The message for keys a strict object does not know, with the nearest known key for each: a top-level
 * key first, else a dotted nested one whose last segment is near (`utilisation` -> `itPlan.utilization`).
 */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  const topLevel = known.filter((key) => !key.includes('.'));
  const nested = known.filter((key) => key.includes('.'));
  return keys
    .slice(0, 10)
    .map((key) => {
      let near = didYouMean(key, topLevel);
      if (near === undefined) {
        const leaf = didYouMean(
          key,
          nested.map((path) => path.slice(path.indexOf('.') + 1)),
        );
        near = leaf === undefined ? undefined : nested.find((path) => path.endsWith(`.${leaf}`));
      }
      return `unknown key "${key.slice(0, 64)}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
    })
    .concat(keys.length > 10 ? [`and ${keys.length - 10} more unknown keys`] : [])
    .join('; ');
}

/**
 * `z.strictObject` whose unknown-key error names each key and the known key it most likely meant, so a
 * typo (`utilisation`) is refused instead of silently falling back to a default; a key that belongs one
 * level down is pointed there (`{"utilisation": 0.5}` -> did you mean "itPlan.utilization"?).
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  let known: string[] | undefined;
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      known ??= knownKeys(shape);
      return unknownKeysMessage(issue.keys, known);
    },
  });
}
