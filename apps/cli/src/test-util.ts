// Helpers for the tests: run `karst` in-process and collect what it writes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './main.js';

/** What one in-process run of `karst` produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `karst ...argv` in-process; `cwd` resolves relative paths, `isTTY` pretends stderr is a terminal. */
export async function karst(
  argv: readonly string[],
  options: { isTTY?: boolean; cwd?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: options.isTTY ?? false,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  return { code, stdout, stderr };
}

/** Runs `karst ...argv --json` and parses stdout, failing loudly when the run did not succeed. */
export async function karstJson<T = Record<string, unknown>>(
  argv: readonly string[],
  cwd?: string,
): Promise<T> {
  const result = await karst([...argv, '--json'], cwd !== undefined ? { cwd } : {});
  if (result.code !== 0) throw new Error(`karst ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A fresh temporary directory for files a test writes. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'karst-cli-'));
}

/**
 * A minimal well-formedness check of XML (balanced, properly nested tags, one root), enough to tell a
 * standalone SVG file from a broken one without an XML parser dependency.
 */
export function assertWellFormedXml(text: string): string {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let root: string | null = null;
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (!name) continue;
    if (stack.length === 0 && !closing) {
      if (root !== null) throw new Error(`second root element <${name}>`);
      root = name;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (root === null) throw new Error('no root element');
  return root;
}
