// `karst` as a process: the process's streams, EPIPE and the exit code around `run`. The bundle's entry.
import { run } from './main.js';

// `karst sites | head`: the reader went away; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
});
// exitCode rather than exit(): let stdout drain when it is a pipe.
process.exitCode = code;
