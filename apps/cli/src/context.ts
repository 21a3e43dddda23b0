import type { Io } from './io.js';

/** What every command gets: where to write, and the exit code it sets when it does not succeed plainly. */
export interface CommandContext {
  io: Io;
  exitCode: number;
}

/** Writes `value` as indented JSON with a final newline. */
export function writeJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
