import type { Io } from '../io.js';

/** A progress bar on stderr, drawn only when stderr is a terminal so piped output stays clean. */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

const WIDTH = 30;

/**
 * A bar for `total` steps labelled `label`, drawn by cli-progress (loaded only for a terminal, so piped
 * runs and the commands without a bar never load it); a no-op unless `io.isTTY`.
 */
export async function progressBar(io: Io, total: number, label: string): Promise<Progress> {
  if (!io.isTTY || total <= 0) return { tick() {}, done() {} };
  // cli-progress is CommonJS: its exports are the default export everywhere (Node, tsx, vitest and the
  // bundle, where they are nothing else).
  const { SingleBar } = (await import('cli-progress')).default;
  // cli-progress draws on a terminal stream; this one writes to io.stderr (a collector in tests).
  const stream = Object.assign(Object.create(null) as NodeJS.WriteStream, {
    isTTY: true,
    columns: 80,
    write: (text: string) => {
      io.stderr.write(text);
      return true;
    },
  });
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total}`,
    barCompleteChar: '#',
    barIncompleteChar: '.',
    barsize: WIDTH,
    hideCursor: true,
    clearOnComplete: true,
    // Redraws at most 10 times a second: a sweep has thousands of steps and a terminal is slow.
    fps: 10,
    linewrap: false,
  });
  bar.start(total, 0);
  return {
    tick: (done) => bar.update(done),
    done: () => bar.stop(),
  };
}
