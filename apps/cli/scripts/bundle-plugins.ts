// esbuild plugins that keep work out of `karst`'s start: code the bundle carries but a run does not need
// is either left out (zod's locales and JSON Schema converters) or evaluated on first use (transliterate).
// Each saves CPU on every run of every command; `npm run bench` in apps/cli measures the start-up.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

function zodDir(resolveDir: string): string {
  return dirname(createRequire(join(resolveDir, 'noop.js')).resolve('zod/package.json'));
}

/**
 * The members of zod's `z` the CLI's sources use at run time, the whole lean namespace: a source using
 * another fails the build (add it here). Named imports from 'zod' (`import { ZodError }`) are not limited.
 */
const LEAN_MEMBERS = [
  'array',
  'boolean',
  'discriminatedUnion',
  'enum',
  'gt',
  'gte',
  'literal',
  'lte',
  'number',
  'object',
  'preprocess',
  'strictObject',
  'string',
  'union',
  'ZodError',
  'ZodNumber',
  'ZodObject',
  'ZodType',
];

/** Members of `z` that are types only (erased, so never in the bundle). */
const TYPE_ONLY = ['infer', 'input', 'output'];

/**
 * `import { z } from 'zod'` makes esbuild keep the whole `z` namespace: ~40 locales, the JSON Schema
 * reader and the schema compiler, every string format and schema kind, parsed on every run. Here `z` is a
 * namespace of the members the sources use (LEAN_MEMBERS), so esbuild leaves out the rest: with the
 * classic API less locales and converters the CLI's bundle went from 834 to about 530 KiB, and the list
 * takes zod from 138 to 94 KB (~3 ms of CPU less per run on Node 24). English messages still register
 * themselves (zod's classic schemas do that on first construction). A source that uses another member at
 * run time fails the build (`z.core` in a type, as in `z.core.$ZodLooseShape`, is fine: types are erased).
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
      contents: `export { ${LEAN_MEMBERS.join(', ')} } from './v4/classic/external.js';\n`,
    }));
    // A source that uses a member the lean namespace leaves out fails the build, not a user's run.
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      // `z.core.` followed by `$Name` is a type (zod's core classes are `$`-prefixed); anything else is code.
      for (const use of text.matchAll(/\bz\.([A-Za-z_$][\w$]*)\b(?!\.\$)/g)) {
        const member = use[1] ?? '';
        if (!LEAN_MEMBERS.includes(member) && !TYPE_ONLY.includes(member))
          return {
            errors: [
              {
                text: `${args.path}: z.${member} is not in the CLI's lean zod (LEAN_MEMBERS in scripts/bundle-plugins.ts)`,
              },
            ],
          };
      }
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
