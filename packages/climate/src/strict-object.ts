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
  return index >= 0 && distance(lower, match) <= limit ? known[index] : undefined;
}

/** The message for keys a strict object does not know, with the nearest known key for each. */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .slice(0, 10)
    .map((key) => {
      const near = didYouMean(key, known);
      return `unknown key "${key.slice(0, 64)}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
    })
    .concat(keys.length > 10 ? [`and ${keys.length - 10} more unknown keys`] : [])
    .join('; ');
}

/**
 * `z.strictObject` whose unknown-key error names each key and the known key it most likely meant, so a
 * typo (`utilisation`) is refused instead of silently falling back to a default.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined,
  });
}
