/** Where a command writes: in production the process streams, in tests plain collectors. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  isTTY: boolean;
  /** Directory relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
}

/** Writes `text` and a final newline. */
export function println(stream: Io['stdout'], text = ''): void {
  stream.write(`${text}\n`);
}
