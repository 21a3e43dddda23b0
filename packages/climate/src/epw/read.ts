import { readFile } from 'node:fs/promises';
import { EpwParseError, EpwReadError } from './errors.js';
import { parseEpw } from './parse.js';
import type { EpwParseOptions, EpwWeather } from './schema.js';

/**
 * Reads and parses an EPW file (Node only). The bytes go to parseEpw, which decodes UTF-8 and falls back to
 * latin-1 with a warning. A file that cannot be read throws EpwReadError; a malformed one throws
 * EpwParseError with the path in front of its message and the same line and field.
 */
export async function readEpw(path: string, options?: EpwParseOptions): Promise<EpwWeather> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new EpwReadError(path, error);
  }
  try {
    return parseEpw(bytes, options);
  } catch (error) {
    throw error instanceof EpwParseError ? error.withPath(path) : error;
  }
}
