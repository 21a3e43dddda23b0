// esbuild plugins that keep work out of `karst`'s start: code the bundle carries but a run does not need
// is either left out (zod's locales and JSON Schema converters) or evaluated on first use (transliterate).
// Each saves CPU on every run of every command; `npm run bench` in apps/cli measures the start-up.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

function zodDir(resolveDir: string): string {
  return dirname(createRequire(join(resolveDir, 'noop.js')).resolve('zod/package.json'));
}

/** What zod's classic `external.js` takes from its core, less the schema compiler's exports. */
const LEAN_CORE_EXPORTS = [
  'globalRegistry',
  'registry',
  'config',
  'memoizer',
  '$output',
  '$input',
  '$brand',
  'clone',
  'regexes',
  'treeifyError',
  'prettifyError',
  'formatError',
  'flattenError',
  'TimePrecision',
  'util',
  'toZod',
  'NEVER',
  'getDiscriminatedOption',
];

/** Members of zod's `z` the lean namespace leaves out: a source using one fails the build. */
const LEFT_OUT = [
  'locales',
  'toJSONSchema',
  'fromJSONSchema',
  'core',
  'compile',
  'withParser',
  'INVALID',
  'ZodCompileAsyncError',
  'ZodCompileUnsupportedError',
];

/**
 * `import { z } from 'zod'` makes esbuild keep the whole `z` namespace: ~40 locales, the JSON Schema
 * reader and the schema compiler, parsed on every run (without them the CLI's bundle went from 834 to
 * about 530 KiB). Here `z` is a namespace of zod's classic API without those (LEFT_OUT); the rest of
 * 'zod' stays importable by name and tree-shaken as usual. English messages still register themselves (zod's classic schemas do that on
 * first construction). A source that uses a member left out of `z` at run time fails the build (`z.core`
 * in a type, as in `z.core.$ZodLooseShape`, is fine: types are erased).
 *
 * The bundle's zod is also jitless: zod compiles an object schema's checks into a function (new Function)
 * on its first parse, which pays back over thousands of parses in one process. A karst run parses one
 * plan, or a sweep's few hundred; compiling the plan schema's objects cost `karst budget` ~6 ms of CPU,
 * more than its parses take without. Results and messages are the same either way.
 */
export const leanZod: Plugin = {
  name: 'karst-lean-zod',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, (args) => ({
      path: zodDir(args.resolveDir),
      namespace: 'lean-zod',
    }));
    build.onResolve({ filter: /^lean-zod:namespace$/ }, (args) => ({
      path: args.resolveDir,
      namespace: 'lean-zod-namespace',
    }));
    build.onLoad({ filter: /.*/, namespace: 'lean-zod' }, (args) => ({
      resolveDir: args.path,
      contents:
        "export * from './v4/classic/external.js';\nexport * as z from 'lean-zod:namespace';\n" +
        "export * as default from 'lean-zod:namespace';\n" +
        // Here, before any module that imports zod builds a schema: an object schema reads it when built.
        "import { config } from './v4/core/core.js';\nconfig({ jitless: true });\n",
    }));
    build.onLoad({ filter: /.*/, namespace: 'lean-zod-namespace' }, (args) => ({
      resolveDir: args.path,
      contents: [
        "export * from './v4/classic/schemas.js';",
        "export * from './v4/classic/checks.js';",
        "export * from './v4/classic/errors.js';",
        "export * from './v4/classic/parse.js';",
        "export * from './v4/classic/compat.js';",
        `export { ${LEAN_CORE_EXPORTS.join(', ')} } from './v4/core/index.js';`,
        "export { deepPartial } from './v4/classic/deep-partial.js';",
        "export { input, output } from './v4/classic/in-out.js';",
        "export { ZodISODateTime, ZodISODate, ZodISOTime, ZodISODuration } from './v4/classic/iso.js';",
        "export * as iso from './v4/classic/iso.js';",
        "export * as coerce from './v4/classic/coerce.js';",
      ].join('\n'),
    }));
    // A source that uses a member the lean namespace leaves out fails the build, not a user's run.
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      // `z.core.` followed by `$Name` is a type (zod's core classes are `$`-prefixed); anything else is code.
      const used = new RegExp(`\\bz\\.(${LEFT_OUT.join('|')})\\b(?!\\.\\$)`).exec(text);
      if (used) return { errors: [{ text: `${args.path}: z.${used[1]} is not in the CLI's lean zod` }] };
      return undefined;
    });
  },
};

/**
 * @sindresorhus/transliterate builds ~20 locale regular expressions when imported; only site ids from
 * weather files (`karst weather import`) transliterate. Bundled as a module initialized on first call.
 */
export const lazyTransliterate: Plugin = {
  name: 'karst-lazy-transliterate',
  setup(build) {
    build.onResolve({ filter: /^@sindresorhus\/transliterate$/ }, (args) =>
      args.namespace === 'lazy-transliterate'
        ? undefined
        : { path: args.resolveDir, namespace: 'lazy-transliterate' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-transliterate' }, (args) => ({
      resolveDir: args.path,
      // esbuild bundles a require()d ES module behind an initializer that runs on the first require.
      contents:
        'export default function transliterate(...args) {\n' +
        "  return require('@sindresorhus/transliterate').default(...args);\n}\n",
    }));
  },
};

/**
 * commander requires node:child_process at load, for executable subcommands (`karst-foo` binaries), which
 * karst has none of; loading it costs every run its net, dgram and child_process internals. Here
 * node:child_process is required where commander spawns one instead.
 */
export const lazyChildProcessInCommander: Plugin = {
  name: 'karst-commander-lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) return { errors: [{ text: `${args.path}: no \`${eager}\` to make lazy` }] };
      // Its only use is childProcess.spawn(...): each requires the module where it spawns.
      const contents = text
        .replace(eager, '// node:child_process: required where an executable subcommand is spawned')
        .replaceAll('childProcess.spawn(', "require('node:child_process').spawn(");
      if (/\bchildProcess\b/.test(contents))
        return { errors: [{ text: `${args.path}: childProcess is used other than by spawn()` }] };
      return { contents, loader: 'js' };
    });
  },
};

/**
 * An ES module's `import { readFileSync } from 'node:fs'` makes Node build node:fs's ES module facade,
 * which reads every export once, lazy getters too: fs.ReadStream and its kin load Node's whole streams
 * layer (~6 ms of CPU on Node 24, for a budget that reads one file). node:fs is required instead (the
 * bundle's banner defines `require`), which hands over the module object and evaluates no getter.
 */
export const fsWithoutEsmFacade: Plugin = {
  name: 'karst-fs-without-esm-facade',
  setup(build) {
    build.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
      args.namespace === 'fs-required' ? undefined : { path: 'node:fs', namespace: 'fs-required' },
    );
    // A CommonJS module to esbuild: named imports become property reads on the object require returns.
    build.onLoad({ filter: /.*/, namespace: 'fs-required' }, () => ({
      contents: "module.exports = require('node:fs');",
      loader: 'js',
    }));
  },
};
