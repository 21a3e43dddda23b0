// The esbuild plugins that keep work out of karst's start (scripts/bundle-plugins.ts), on small entries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fsWithoutEsmFacade, lazyTransliterate, leanZod } from '../scripts/bundle-plugins.js';

const appDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Bundles `source` (a .ts entry beside this app's sources, so 'zod' resolves) to one ESM file. */
async function bundle(source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'karst-plugins-'));
  const entry = join(appDir, 'src', `.plugin-probe-${process.pid}-${Date.now()}.ts`);
  writeFileSync(entry, source);
  const outfile = join(dir, 'out.mjs');
  try {
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      plugins: [leanZod, lazyTransliterate, fsWithoutEsmFacade],
      // As scripts/build.ts: the CommonJS parts (and node:fs) need a require in ESM output.
      banner: {
        js: "import { createRequire as __karstRequire } from 'node:module'; const require = __karstRequire(import.meta.url);",
      },
      write: true,
      logLevel: 'silent',
      metafile: true,
    });
    // The modules with code in the output (tree-shaken ones are read, but contribute nothing).
    const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    return { outfile, inputs, text: readFileSync(outfile, 'utf8') };
  } finally {
    (await import('node:fs')).rmSync(entry, { force: true });
  }
}

describe('the lean zod of the bundle', () => {
  it('parses and reports in English without the other locales or the JSON Schema reader', async () => {
    const { outfile, inputs } = await bundle(
      "import { z } from 'zod';\n" +
        'const r = z.strictObject({ n: z.number().max(1) }).safeParse({ n: 60 });\n' +
        'console.log(r.success ? "ok" : r.error.issues[0].message);\n',
    );
    // English only (zod's schemas import en.js themselves), and not z.fromJSONSchema's converter.
    expect(inputs.some((input) => input.endsWith('/locales/en.js'))).toBe(true);
    expect(inputs.some((input) => input.endsWith('/locales/de.js'))).toBe(false);
    expect(inputs.some((input) => input.endsWith('/from-json-schema.js'))).toBe(false);
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('Too big: expected number to be <=1');
  }, 60_000); // esbuild on a busy 2-core CI machine

  it('is jitless: parses without compiling a function (new Function) per object schema', async () => {
    const { outfile } = await bundle(
      "import { z } from 'zod';\n" +
        'const schema = z.strictObject({ n: z.number().max(1), inner: z.object({ s: z.string() }) });\n' +
        'let compiled = 0;\n' +
        'globalThis.Function = new Proxy(Function, {\n' +
        '  construct(target, args) { compiled++; return Reflect.construct(target, args); },\n' +
        '});\n' +
        "const ok = schema.safeParse({ n: 1, inner: { s: 'x' } }).success;\n" +
        "const bad = schema.safeParse({ n: 2, inner: { s: 'x' } }).error.issues[0].message;\n" +
        'console.log(JSON.stringify({ ok, bad, compiled }));\n',
    );
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      bad: 'Too big: expected number to be <=1',
      compiled: 0,
    });
  }, 60_000); // esbuild on a busy 2-core CI machine

  it('fails the build when a source uses a member it leaves out', async () => {
    await expect(
      bundle("import { z } from 'zod';\nconsole.log(z.toJSONSchema(z.string()));\n"),
    ).rejects.toThrow(/z\.toJSONSchema is not in the CLI's lean zod/);
    // A type through z.core is erased, not a use.
    await expect(
      bundle("import type { z } from 'zod';\nexport type Shape = z.core.$ZodLooseShape;\n"),
    ).resolves.toBeDefined();
  }, 60_000);
});

describe('node:fs without its ES module facade', () => {
  it('requires node:fs, so its lazy stream getters stay unevaluated, and reads files as before', async () => {
    const { outfile, text } = await bundle(
      "import { readFileSync } from 'node:fs';\nimport * as fs from 'fs';\n" +
        "console.log(readFileSync(process.argv[2], 'utf8').length === fs.statSync(process.argv[2]).size);\n",
    );
    expect(text).not.toMatch(/from\s*["'](node:)?fs["']/);
    const run = spawnSync(process.execPath, [outfile, outfile], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true');
  }, 60_000); // esbuild on a busy 2-core CI machine
});
