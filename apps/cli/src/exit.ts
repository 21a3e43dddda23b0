// What `karst` needs before any command is loaded: kept free of imports so `karst --help` stays fast.

/** Exit codes: documented in the README, relied on by scripts. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Collapses whitespace runs and newlines so a message from a library stays on one line. */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ')
    .replace(/\s+/g, ' ');
}
