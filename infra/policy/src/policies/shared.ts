// Helpers that read resource properties as the policy engine hands them over: plain JSON-like values
// whose shape nothing guarantees, so every reader narrows `unknown` instead of trusting a type.

/** A plain object, or undefined when `value` is anything else. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array, or an empty one when `value` is anything else. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string or a list of strings (IAM's Action, Resource, ...) as a list; other values are dropped. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

/** True for `true` and for `'true'`: provider inputs such as `ebs.encrypted` are strings in the AWS SDK. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A finite number from a number or a numeric string (Pulumi inputs may be either), else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * A non-negative decimal read from a tag value ('1.150', '2400.0'); undefined for anything else. Stricter
 * than `Number()`, which would read '' as 0 and accept '1e3', 'Infinity' or '0x10'.
 */
export function parseTagNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return /^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A number as people read it in a message: at most three decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** Type token of an auto scaling group, whose tags are a list of `{ key, value, propagateAtLaunch }`. */
export const AUTOSCALING_GROUP = 'aws:autoscaling/group:Group';

/**
 * A resource's tags as a map: the `tags` map of most AWS resources, or the `tags` list of an auto
 * scaling group. Entries whose value is not a string are left out.
 */
export function tagsOf(type: string, props: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  if (type === AUTOSCALING_GROUP) {
    for (const entry of asArray(props.tags)) {
      const tag = asRecord(entry);
      const key = asString(tag?.key);
      const value = asString(tag?.value);
      if (key !== undefined && value !== undefined) tags[key] = value;
    }
    return tags;
  }
  for (const [key, value] of Object.entries(asRecord(props.tags) ?? {})) {
    if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}

/** Marks a value that cannot be known yet (a real `pulumi preview` of a resource not created yet). */
export const UNKNOWN: unique symbol = Symbol('unknown during preview');

/**
 * Reads a value that may be unknown during a real preview. The policy engine hands properties over
 * behind a proxy that throws `UnknownValueError` on such a read (which would abort the whole policy); this
 * turns that one read into {@link UNKNOWN} so the policy can fall back to another rule. The class is
 * matched by name because importing @pulumi/policy's runtime here would tie the offline run to it.
 */
export function readKnown<T>(read: () => T): T | typeof UNKNOWN {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && error.constructor.name === 'UnknownValueError') return UNKNOWN;
    throw error;
  }
}
