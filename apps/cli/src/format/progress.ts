import type { Io } from '../io.js';

/** A progress bar on stderr, drawn only when stderr is a terminal so piped output stays clean. */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

const WIDTH = 30;

/** A bar for `total` steps labelled `label`; a no-op unless `io.isTTY`. */
export function progressBar(io: Io, total: number, label: string): Progress {
  if (!io.isTTY || total <= 0) return { tick() {}, done() {} };
  let lastDrawn = -1;
  const draw = (done: number) => {
    const filled = Math.round((done / total) * WIDTH);
    // Redraw only when the bar changes: a sweep has thousands of steps and a terminal is slow.
    if (filled === lastDrawn && done !== total) return;
    lastDrawn = filled;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
    io.stderr.write(`\r${label} [${bar}] ${done}/${total}`);
  };
  draw(0);
  return {
    tick: draw,
    done() {
      draw(total);
      // Clear the line so the table that follows starts clean.
      io.stderr.write('\r\x1b[2K');
    },
  };
}
