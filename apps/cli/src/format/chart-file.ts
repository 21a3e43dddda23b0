import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';

const PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';

/** What `--chart FILE` writes, by the file's extension. */
export type ChartFormat = 'svg' | 'png';

/**
 * The format `path` asks for: `.svg` or `.png` (any case). Anything else is a UsageError naming the flag,
 * raised before any budget is computed.
 */
export function chartFormat(path: string, flag = '--chart'): ChartFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.svg') return 'svg';
  if (extension === '.png') return 'png';
  throw new UsageError(
    `${flag} ${path}: ${extension ? `unsupported extension ${extension}` : 'no extension'}: use FILE.svg or FILE.png`,
  );
}

/** Pixels per SVG unit in a PNG: twice the chart's own size, sharp on high-density screens. */
const PNG_SCALE = 2;

/** A PNG of `svg`, drawn by resvg (loaded only here: it is a native addon) with the system's fonts. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const width = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1] ?? 800);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * PNG_SCALE) },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/**
 * Writes a chart to `path` (already resolved) as the file named by `shownPath` asks: a standalone SVG file
 * (XML prolog, trailing newline) or a PNG image.
 */
export async function writeChartFile(
  path: string,
  svg: string,
  shownPath: string,
  flag = '--chart',
): Promise<void> {
  const format = chartFormat(shownPath, flag);
  const bytes = format === 'png' ? await svgToPng(svg) : svg.startsWith('<?xml') ? svg : `${PROLOG}${svg}\n`;
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new UsageError(`${flag} ${shownPath}: cannot write: ${(error as Error).message}`);
  }
}
