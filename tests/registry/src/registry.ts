// A real npm registry on loopback for the publish-and-install test: verdaccio in its own process, with no
// uplink, so every package a user's `npm install` fetches comes from what this test published.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const testDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmBin = join(repoRoot, '.tools', 'pnpm-12.4.2', 'node_modules', '.bin');

/** Runs a command and returns its stdout; a failure carries the command's stderr in its message. */
export async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, [...args], {
      cwd,
      env: { ...env, PATH: [pnpmBin, env.PATH].join(delimiter) },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed: ${(error as Error).message}\n${stdout ?? ''}\n${stderr ?? ''}`,
    );
  }
}

/** A port nobody listens on right now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Registry {
  url: string;
  /** npm's environment for this registry: its own cache and user config, so nothing comes from elsewhere. */
  npmEnv: NodeJS.ProcessEnv;
  stop(): void;
}

/** Starts verdaccio on 127.0.0.1 with storage in `dir`, and waits until it answers its ping. */
export async function startRegistry(dir: string): Promise<Registry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')} }`,
      // No uplink: a dependency that was not published here is a 404, not a download.
      'uplinks: {}',
      'packages:',
      "  '**': { access: $all, publish: $all, unpublish: $all }",
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const verdaccio = join(testDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccio, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  // Polled until it answers; the test's beforeAll timeout bounds the wait (the machine may be busy).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }

  const npmDir = join(dir, 'npm');
  mkdirSync(npmDir, { recursive: true });
  const userconfig = join(npmDir, 'npmrc');
  // verdaccio lets anyone publish here ($all) but npm will not publish without some token.
  writeFileSync(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=loopback-test\n`);
  // The workspace's own npm_* variables (set when this runs under pnpm or npm) must not leak in.
  const npmEnv: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  Object.assign(npmEnv, {
    npm_config_registry: url,
    npm_config_userconfig: userconfig,
    npm_config_cache: join(npmDir, 'cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  });
  return { url, npmEnv, stop };
}

/** `pnpm pack` of a workspace package (publishConfig applied, workspace:* replaced); returns the tarball. */
export async function packWorkspacePackage(packageDir: string, destination: string): Promise<string> {
  const before = new Set(existsSync(destination) ? readdirSync(destination) : []);
  await run('pnpm', ['pack', '--pack-destination', destination], join(repoRoot, packageDir));
  const added = readdirSync(destination).filter((file) => !before.has(file));
  if (added.length !== 1 || !added[0]) throw new Error(`pnpm pack in ${packageDir} made ${added.join(', ')}`);
  return join(destination, added[0]);
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The node_modules folder a package sits in (pnpm puts its dependencies beside it there). */
function nodeModulesOf(packageDir: string, name: string): string {
  return name.startsWith('@') ? dirname(dirname(packageDir)) : dirname(packageDir);
}

/**
 * Every third-party package the published workspace packages need at run time, found in the workspace's
 * install (dependencies, recursively; optional ones where this platform has them, like resvg-js's Linux
 * binary): the folders to pack, so the registry serves everything an install asks for.
 */
export function thirdPartyRuntimeDirs(workspacePackageDirs: readonly string[]): string[] {
  const found = new Map<string, string>();
  const visit = (nodeModules: string, name: string, optional: boolean) => {
    const linked = join(nodeModules, name);
    if (!existsSync(linked)) {
      if (optional) return;
      throw new Error(`${name} is not installed under ${nodeModules}`);
    }
    const dir = realpathSync(linked);
    const manifest = readManifest(dir);
    const key = `${manifest.name}@${manifest.version}`;
    if (found.has(key)) return;
    found.set(key, dir);
    const beside = nodeModulesOf(dir, manifest.name);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(beside, dependency, false);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {}))
      visit(beside, dependency, true);
  };
  for (const packageDir of workspacePackageDirs) {
    const manifest = readManifest(join(repoRoot, packageDir));
    for (const dependency of Object.keys(manifest.dependencies ?? {}))
      if (!dependency.startsWith('@karst/'))
        visit(join(repoRoot, packageDir, 'node_modules'), dependency, false);
  }
  return [...found.values()];
}

/**
 * A tarball of a third-party package exactly as the workspace installed it in `source` (its published
 * files), so the registry can serve it without any download.
 */
export async function packInstalledPackage(source: string, destination: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    [key: string]: unknown;
  };
  const slug = manifest.name.replace('@', '').replace('/', '-');
  const stage = join(destination, '.stage', slug);
  cpSync(source, join(stage, 'package'), { recursive: true, dereference: true });
  // A package's own publishConfig names the public registry: this copy goes to the loopback one.
  const { publishConfig: _publishConfig, ...rest } = manifest as Record<string, unknown>;
  writeFileSync(join(stage, 'package', 'package.json'), JSON.stringify(rest, null, 2));
  const tarball = join(destination, `${slug}-${manifest.version}.tgz`);
  await run('tar', ['-czf', tarball, '-C', stage, 'package'], destination);
  return tarball;
}

/** Publishes a tarball to the registry with plain npm. */
export async function publish(registry: Registry, tarball: string): Promise<void> {
  // An absolute path, so npm reads a file rather than a GitHub shorthand.
  await run(
    'npm',
    ['publish', tarball, '--ignore-scripts', '--tag', 'latest'],
    dirname(tarball),
    registry.npmEnv,
  );
}
