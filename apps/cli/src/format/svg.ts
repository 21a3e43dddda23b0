import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

const PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';

/** Writes a chart's SVG markup as a standalone file (XML prolog, trailing newline). */
export function writeSvgFile(path: string, svg: string, flag = '--chart'): void {
  const text = svg.startsWith('<?xml') ? svg : `${PROLOG}${svg}\n`;
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot write: ${(error as Error).message}`);
  }
}
