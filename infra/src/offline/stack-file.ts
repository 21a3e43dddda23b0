import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@karst/climate';
import { parse } from 'yaml';

/** The ValidationError subject of a stack file that cannot be read. */
export const STACK_FILE_SUBJECT = 'stack file';

/** Stands in for an encrypted (`secure:`) value, which only the Pulumi CLI can decrypt. */
export const OFFLINE_SECRET_PLACEHOLDER = 'offline-preview-secret-placeholder';

/**
 * A stack file's `config:` as the engine hands it to the program: each key to a string, objects as JSON.
 */
export function readStackConfig(projectDir: string, stack: string): Record<string, string> {
  const path = join(projectDir, `Pulumi.${stack}.yaml`);
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(STACK_FILE_SUBJECT, [
      { path, message: `cannot read the stack file ${path}: ${(error as Error).message}` },
    ]);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (value !== null && typeof value === 'object' && 'secure' in value)
        return [key, OFFLINE_SECRET_PLACEHOLDER];
      return [key, typeof value === 'string' ? value : JSON.stringify(value)];
    }),
  );
}
