// `karst`: budgets, site comparison, sweeps, weather import and the offline infra preview from the terminal.
// src/cli.ts runs it as a process (bundled to dist/karst.mjs, which bin/karst.mjs loads); tests call `run`.
// Only commander and this file load at start: a command's module (and the budget packages behind it) is
// imported when that command runs, so `karst --help` costs little more than Node itself.
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { CommandContext } from './context.js';
import { EXIT, oneLine } from './exit.js';
import type { Io } from './io.js';

export type { Io } from './io.js';

type Register = (program: Command, context: CommandContext) => void;

/** A command: its name and summary for the help listing, and the module that defines it fully. */
export interface LazyCommand {
  name: string;
  description: string;
  load(): Promise<Register>;
}

/** Every command, in help order. Descriptions are the modules' own (a test checks they agree). */
export const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'budget',
    description:
      'the energy and cooling budget of one plan at one site: energy, PUE, cost, carbon, water, headroom',
    load: async () => (await import('./commands/budget.js')).registerBudget,
  },
  {
    name: 'compare',
    description: 'the same plan at several sites, side by side, ranked by facility energy',
    load: async () => (await import('./commands/compare.js')).registerCompare,
  },
  {
    name: 'sweep',
    description:
      'a grid of plans, racks x cooling designs, and the largest plan within the power cap per design',
    load: async () => (await import('./commands/sweep.js')).registerSweep,
  },
  {
    name: 'weather',
    description: 'weather files and site climates: statistics, and site profiles from EPW files',
    load: async () => (await import('./commands/weather.js')).registerWeather,
  },
  {
    name: 'sites',
    description: 'the built-in sites: location, climate, tariff, grid carbon, AWS region, and their sources',
    load: async () => (await import('./commands/sites.js')).registerSites,
  },
  {
    name: 'preview',
    description:
      "the infra program's plan under Pulumi's mocks and the policy pack's verdict: no Pulumi CLI, no cloud, " +
      'no credentials; exits 1 when a mandatory policy refuses the plan',
    load: async () => (await import('./commands/preview.js')).registerPreview,
  },
];

/** The command `argv` runs (`karst help budget` too), or null for the top level. */
function selectedCommand(argv: readonly string[]): LazyCommand | null {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((command) => command.name === name) ?? null;
}

/**
 * The program for one run of `argv`, built fresh per run (commander keeps parse state on its commands):
 * the command `argv` names is loaded and defined fully; the others are listed by name and summary only.
 */
export async function buildProgram(context: CommandContext, argv: readonly string[]): Promise<Command> {
  const { io } = context;
  const program = new Command('karst')
    .description(
      'Plan cool-climate, hydro-powered data centers: budgets, site comparison, sweeps, weather, infra.',
    )
    .version(packageJson.version)
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
  const selected = selectedCommand(argv);
  for (const command of COMMANDS) {
    if (command === selected) (await command.load())(program, context);
    else program.command(command.name).description(command.description);
  }
  return program;
}

/**
 * Runs `karst` with `argv` (the arguments after the program name) and returns the exit code: 0 success,
 * 1 over budget with --fail-over-budget, 2 bad input with a one-line message on stderr.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const context: CommandContext = { io, exitCode: EXIT.ok };
  try {
    const program = await buildProgram(context, argv);
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
    const { describeInputError } = await import('./errors.js');
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
