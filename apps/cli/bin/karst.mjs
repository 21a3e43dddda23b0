#!/usr/bin/env node
// The `karst` launcher. The workspace packages are consumed as TypeScript source (the `karst-source` export
// condition), so the CLI runs under tsx in a child Node: this file stays plain JavaScript with no imports
// beyond Node's own, and only forwards arguments, stdio, signals and the exit code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(appDir, 'src', 'main.ts');
// Resolved from this package so the launcher works from any working directory.
const tsx = pathToFileURL(createRequire(join(appDir, 'package.json')).resolve('tsx')).href;

const child = spawn(
  process.execPath,
  ['--conditions=karst-source', '--import', tsx, main, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // The child shares the terminal and usually got the signal already; this covers `kill <pid>`.
    if (child.exitCode === null) child.kill(signal);
  });
}

child.on('error', (error) => {
  console.error(`karst: cannot start Node: ${error.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal) {
    // Re-raise so the parent shell sees the same signal death (exit 130 for SIGINT and so on).
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
