/**
 * A schema that is built the first time anything reads it, then the same schema object for every caller:
 * `safeParse`, `shape`, `instanceof`, a place in a union or an array all reach the built schema.
 *
 * Building a zod schema costs CPU (every check is an object with its own closures): the site profile's and
 * the EPW file's schemas took ~8 ms of every `karst budget` run on Node 24 (a quarter of the process's
 * own CPU), which parses neither when the plan names a built-in site. An export made lazy keeps its name
 * and type; `lazy-schema.test.ts` holds it to the eager schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => {
    built ??= build();
    return built;
  };
  // The target stays an empty extensible object, so every trap may answer for the built schema.
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // A proxy may not report a property the (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
