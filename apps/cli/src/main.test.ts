import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS as LAZY_COMMANDS } from './main.js';
import { karst } from './test-util.js';

const COMMANDS = [
  'budget',
  'compare',
  'sweep',
  'weather',
  'weather stats',
  'weather import',
  'sites',
  'preview',
];

describe('karst', () => {
  it.each(COMMANDS)('%s --help prints usage and exits 0', async (command) => {
    const { code, stdout, stderr } = await karst([...command.split(' '), '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Usage: karst ${command}`));
    if (command !== 'weather') expect(stdout).toContain('Examples:');
  });

  it('lists the commands and the exit codes in its help', async () => {
    const { code, stdout } = await karst(['--help']);
    expect(code).toBe(0);
    for (const command of ['budget', 'compare', 'sweep', 'weather', 'sites', 'preview'])
      expect(stdout).toContain(command);
    expect(stdout).toContain('Exit codes: 0 success; 1 over budget');
  });

  it('prints its version', async () => {
    expect(await karst(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('exits 2 with help on stderr when no command is given', async () => {
    const { code, stdout, stderr } = await karst([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: karst');
  });

  it.each([
    [['bogus'], "karst: unknown command 'bogus'\n"],
    [['budgte'], "karst: unknown command 'budgte' (Did you mean budget?)\n"],
    [['sites', 'extra'], "karst: too many arguments for 'sites'. Expected 0 arguments but got 1.\n"],
    [['budget', '--racks'], "karst: option '--racks <n>' argument missing\n"],
  ])('usage error %j is one line with exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await karst(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });
});

describe('lazy commands', () => {
  it.each(LAZY_COMMANDS.map((command) => [command.name, command] as const))(
    "lists %s with its module's own description",
    async (_name, command) => {
      const program = new Command('karst');
      (await command.load())(program, { io: { stdout: sink, stderr: sink, isTTY: false }, exitCode: 0 });
      expect(program.commands.map((c) => [c.name(), c.description()])).toEqual([
        [command.name, command.description],
      ]);
    },
  );
});

const sink = { write: () => true };
