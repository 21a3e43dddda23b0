// `karst`: budgets, site comparison, sweeps, weather import and the offline infra preview from the terminal.
// bin/karst.mjs runs this file under tsx; tests call `run` in-process.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerBudget } from './commands/budget.js';
import { registerCompare } from './commands/compare.js';
import { registerPreview } from './commands/preview.js';
import { registerSites } from './commands/sites.js';
import { registerSweep } from './commands/sweep.js';
import { registerWeather } from './commands/weather.js';
import type { CommandContext } from './context.js';
import { describeInputError, EXIT, oneLine } from './errors.js';
import type { Io } from './io.js';

export type { Io } from './io.js';

/** The whole program, built fresh per run: commander keeps parse state on its commands. */
export function buildProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command('karst')
    .description(
      'Plan cool-climate, hydro-powered data centers: budgets, site comparison, sweeps, weather, infra.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are printed by `run`, on one line, with the exit code it chooses.
      outputError: () => {},
    })
    .showHelpAfterError(false)
    .addHelpText(
      'after',
      '\nExit codes: 0 success; 1 over budget with --fail-over-budget (or an unexpected failure);\n' +
        '2 bad input (the message names the flag, file, line or field).\n',
    );
  registerBudget(program, context);
  registerCompare(program, context);
  registerSweep(program, context);
  registerWeather(program, context);
  registerSites(program, context);
  registerPreview(program, context);
  return program;
}

/**
 * Runs `karst` with `argv` (the arguments after the program name) and returns the exit code: 0 success,
 * 1 over budget with --fail-over-budget, 2 bad input with a one-line message on stderr.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const context: CommandContext = { io, exitCode: EXIT.ok };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') {
        // `karst` or `karst weather` alone: the help went to stderr; a command is missing.
        return EXIT.usage;
      }
      io.stderr.write(`karst: ${commanderMessage(error)}\n`);
      return EXIT.usage;
    }
    const message = describeInputError(error);
    if (message !== null) {
      io.stderr.write(`karst: ${oneLine(message)}\n`);
      return EXIT.usage;
    }
    // A bug, not bad input: still one line by default; KARST_DEBUG=1 shows the stack.
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr.write(`karst: unexpected error: ${oneLine(detail)}\n`);
    if (process.env.KARST_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}

/** Commander's message on one line, with a bad option value put as `--flag value: reason` like ours. */
function commanderMessage(error: CommanderError): string {
  const message = oneLine(error.message.replace(/^error: /, ''));
  const invalid = /^option '(-[^ ',]*, )?(--[\w-]+)[^']*' argument '(.*)' is invalid\. (.*?)\.?$/.exec(
    message,
  );
  return invalid ? `${invalid[2]} ${invalid[3]}: ${invalid[4]}` : message;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
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
}
