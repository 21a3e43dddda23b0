import { MONTH_NAMES } from '@karst/climate';
import { COOLING_MODES, type CoolingMode } from '@karst/cooling';
import { escapeHtml } from './escape.js';

/** Hours each cooling mode ran in one month (1 = January); absent modes count as zero. */
export interface MonthlyModeHours {
  month: number;
  hours: Partial<Record<CoolingMode, number>>;
}

/** One month's energy-weighted PUE (1 = January). */
export interface MonthlyPue {
  month: number;
  pue: number;
}

/** One site's annual result for the same plan, for the comparison chart. */
export interface SiteComparisonRow {
  id: string;
  name: string;
  pue: number;
  facilityEnergyMwh: number;
}

/**
 * A visible title block for a standalone chart (a file, not a dashboard card that has its own heading):
 * what the chart shows, and for which site and plan. Long subtitles wrap.
 */
export interface ChartHeading {
  title: string;
  subtitle?: string;
}

/** One telemetry sample of facility power. */
export interface LivePowerPoint {
  timestampMs: number;
  facilityPowerKw: number;
}

/**
 * One color per cooling mode, shared by the chart and its legend. Families by what runs (greens for
 * outdoor air, blues for indirect, purples for waterside, ambers for dry coolers, red for compressors); the partial variant of a
 * mode is a lighter shade of it, so "how much compressor help" reads as lightness.
 */
export const MODE_COLORS: Record<CoolingMode, string> = {
  'free-air': '#1b7f5a',
  'free-air-partial': '#7cc4a4',
  'indirect-dry': '#2563eb',
  'indirect-evaporative': '#0891b2',
  'indirect-evaporative-partial': '#7dd3e3',
  'waterside-economizer': '#7c3aed',
  'waterside-economizer-partial': '#c4b5fd',
  mechanical: '#dc4c3e',
  'direct-evaporative': '#15803d',
  'direct-evaporative-partial': '#86efac',
  'dry-cooler': '#b45309',
  'dry-cooler-evaporative': '#d97706',
  'dry-cooler-partial': '#fcd34d',
};

/** Human-readable cooling mode names. */
export const MODE_LABELS: Record<CoolingMode, string> = {
  'free-air': 'Free air',
  'free-air-partial': 'Free air + trim',
  'indirect-dry': 'Indirect dry',
  'indirect-evaporative': 'Indirect evaporative',
  'indirect-evaporative-partial': 'Indirect evap. + trim',
  'waterside-economizer': 'Waterside economizer',
  'waterside-economizer-partial': 'Waterside econ. + trim',
  mechanical: 'Mechanical',
  'direct-evaporative': 'Direct evaporative',
  'direct-evaporative-partial': 'Direct evap. + trim',
  'dry-cooler': 'Dry cooler',
  'dry-cooler-evaporative': 'Dry cooler + pads',
  'dry-cooler-partial': 'Dry cooler + chiller trim',
};

const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
const INK = '#1f2937';
const MUTED = '#6b7280';
const GRID = '#e5e7eb';
const ACCENT = '#2563eb';
const ALERT = '#dc4c3e';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

type Attributes = Record<string, string | number | undefined>;

/**
 * One element, markup-safe by construction: every attribute value is escaped and undefined attributes are
 * dropped. Children are markup (from `el` or `textEl`), so they are not escaped again.
 */
function el(tag: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join('')}</${tag}>`;
}

/** An element whose content is plain text, escaped. */
function textEl(tag: string, attributes: Attributes, text: string): string {
  return el(tag, attributes, escapeHtml(text));
}

/** A rounded coordinate: keeps the markup short and deterministic. */
function r(value: number): number {
  return Math.round(value * 10) / 10;
}

interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Average advance of a character at `fontSize` in the chart fonts (DejaVu Sans is the widest of them). */
const CHAR_WIDTH_EM = 0.62;

/** The width `text` takes at `fontSize`, estimated: enough to keep labels apart without measuring. */
export function textWidth(text: string, fontSize = 12): number {
  return text.length * fontSize * CHAR_WIDTH_EM;
}

/** Words of `text` in lines of at most `width` px at `fontSize`. */
function wrap(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function chartSvg(
  chart: string,
  label: string,
  size: Plot,
  description: string,
  heading: ChartHeading | undefined,
  ...body: string[]
): string {
  let header = '';
  let offset = 0;
  if (heading) {
    const subtitle = heading.subtitle ? wrap(heading.subtitle, size.width - 24, 12) : [];
    offset = 30 + subtitle.length * 16 + 6;
    header = el(
      'g',
      { class: 'heading' },
      // Opaque, so a PNG of the chart reads the same on any background.
      el('rect', { width: size.width, height: size.height + offset, fill: '#fff' }),
      textEl(
        'text',
        { class: 'chart-title', x: 12, y: 22, 'font-size': 15, 'font-weight': 700 },
        heading.title,
      ),
      ...subtitle.map((line, index) =>
        textEl('text', { class: 'chart-subtitle', x: 12, y: 42 + index * 16, fill: MUTED }, line),
      ),
    );
  }
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'chart',
      'data-chart': chart,
      viewBox: `0 0 ${size.width} ${size.height + offset}`,
      role: 'img',
      'aria-label': heading ? `${heading.title}${heading.subtitle ? `: ${heading.subtitle}` : ''}` : label,
      'font-family': FONT_FAMILY,
      'font-size': 12,
      fill: INK,
    },
    textEl('title', {}, heading?.title ?? label),
    description ? textEl('desc', {}, description) : '',
    header,
    offset > 0 ? el('g', { transform: `translate(0 ${offset})` }, ...body) : body.join(''),
  );
}

function emptyState(chart: string, label: string, message: string, width = 720, height = 200): string {
  const frame = { x: 0.5, y: 0.5, width: width - 1, height: height - 1, rx: 6, fill: '#f9fafb' };
  return chartSvg(
    chart,
    label,
    { width, height, left: 0, right: 0, top: 0, bottom: 0 },
    '',
    undefined,
    el('rect', { ...frame, stroke: GRID, 'stroke-dasharray': '4 4' }),
    textEl(
      'text',
      {
        'data-empty': 'true',
        x: width / 2,
        y: height / 2,
        'text-anchor': 'middle',
        'dominant-baseline': 'middle',
        fill: MUTED,
        'font-size': 14,
      },
      message,
    ),
  );
}

interface Scale {
  min: number;
  max: number;
  ticks: number[];
  decimals: number;
}

/** Axis bounds and ticks at 1, 2, 2.5 or 5 x 10^k so labels stay round. */
export function niceScale(min: number, max: number, maxTicks = 5): Scale {
  const span = max > min ? max - min : Math.abs(max) || 1;
  const raw = span / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const decimals = (String(Number(step.toFixed(10))).split('.')[1] ?? '').length;
  const lo = Math.floor(min / step + 1e-9) * step;
  let hi = Math.ceil(max / step - 1e-9) * step;
  if (hi <= lo) hi = lo + step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toFixed(decimals)));
  return { min: Number(lo.toFixed(decimals)), max: Number(hi.toFixed(decimals)), ticks, decimals };
}

function formatTick(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function tickLabel(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end'): string {
  const baseline = anchor === 'middle' ? undefined : 'middle';
  const attributes = {
    class: 'tick',
    x: r(x),
    y: r(y),
    'text-anchor': anchor,
    'dominant-baseline': baseline,
  };
  return textEl('text', { ...attributes, fill: MUTED }, text);
}

function hLine(x1: number, x2: number, y: number, attributes: Attributes): string {
  return el('line', { x1: r(x1), x2: r(x2), y1: r(y), y2: r(y), ...attributes });
}

function vLine(x: number, y1: number, y2: number, attributes: Attributes): string {
  return el('line', { x1: r(x), x2: r(x), y1: r(y1), y2: r(y2), ...attributes });
}

/** Ticks for an axis `lengthPx` long whose labels need `spacingPx` each: never more than fit. */
function tickCount(lengthPx: number, spacingPx: number, most = 6): number {
  return Math.max(2, Math.min(most, Math.floor(lengthPx / spacingPx)));
}

/** A y scale whose tick labels stay at least two lines apart. */
function yScale(plot: Plot, min: number, max: number): Scale {
  return niceScale(min, max, tickCount(plot.height - plot.top - plot.bottom, 28, 5));
}

/**
 * An x scale whose tick labels fit side by side: as many ticks as labels of the widest value (with
 * `decimalsHint` decimals) fit along `lengthPx` with a gap, never fewer than two.
 */
function xScale(lengthPx: number, min: number, max: number, decimalsHint: number): Scale {
  const widest = Math.max(Math.abs(min), Math.abs(max));
  const sample = formatTick(widest, decimalsHint);
  let scale = niceScale(min, max, tickCount(lengthPx, textWidth(sample) + 24, 10));
  // The chosen step may need more characters than the hint (1.25 vs 1.3): shrink until they fit.
  for (let ticks = scale.ticks.length; ticks > 2 && !ticksFit(scale, lengthPx); ticks--)
    scale = niceScale(min, max, ticks - 2);
  return scale;
}

/** Whether the tick labels of `scale`, centred on their ticks, stay apart along `lengthPx`. */
function ticksFit(scale: Scale, lengthPx: number): boolean {
  const spacing = lengthPx / Math.max(scale.ticks.length - 1, 1);
  return scale.ticks.every((tick) => textWidth(formatTick(tick, scale.decimals)) + 8 <= spacing);
}

/** The left margin a y axis needs: its title, a gap, the widest tick label and the tick gap. */
function leftFor(scale: Scale, least = 64): number {
  const widest = Math.max(...scale.ticks.map((tick) => textWidth(formatTick(tick, scale.decimals))));
  return Math.max(least, Math.ceil(30 + widest + 8));
}

/** An axis title: horizontal under the x axis, or turned to read upwards beside the y axis. */
function axisTitle(x: number, y: number, text: string, vertical = false): string {
  const attributes = {
    class: 'axis-title',
    x: r(x),
    y: r(y),
    'text-anchor': 'middle',
    fill: MUTED,
    'font-size': 11,
    transform: vertical ? `rotate(-90 ${r(x)} ${r(y)})` : undefined,
  };
  return textEl('text', attributes, text);
}

/** Grid lines, tick labels and, left of them, the axis title with its unit (never above a tick). */
function yAxis(plot: Plot, scale: Scale, y: (value: number) => number, title: string): string {
  const lines = scale.ticks.map(
    (tick) =>
      hLine(plot.left, plot.width - plot.right, y(tick), { stroke: GRID }) +
      tickLabel(plot.left - 8, y(tick), formatTick(tick, scale.decimals), 'end'),
  );
  const middle = (plot.top + plot.height - plot.bottom) / 2;
  return el('g', { class: 'y-axis' }, ...lines, axisTitle(14, middle, title, true));
}

function monthLabel(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

function monthAxis(plot: Plot, slot: number): string {
  const baseY = plot.height - plot.bottom;
  const labels = MONTH_NAMES.map((name, index) =>
    tickLabel(plot.left + slot * (index + 0.5), baseY + 18, name, 'middle'),
  );
  const middle = (plot.left + plot.width - plot.right) / 2;
  return el(
    'g',
    { class: 'x-axis' },
    hLine(plot.left, plot.width - plot.right, baseY, { stroke: MUTED }),
    ...labels,
    axisTitle(middle, baseY + 36, 'Month'),
  );
}

function validMonth(month: number): boolean {
  return Number.isInteger(month) && month >= 1 && month <= 12;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Stacked monthly bars of the hours each cooling mode ran, one segment per (month, mode) with hours > 0,
 * bottom-up in `COOLING_MODES` order (free air first, mechanical on top), and a legend of the modes that
 * ran at all. Segments carry `data-series="mode:<mode>" data-month="<1..12>" data-hours`.
 */
export function monthlyModeHoursChart(
  hoursByMonthAndMode: readonly MonthlyModeHours[],
  options: { heading?: ChartHeading } = {},
): string {
  const label = 'Cooling mode hours by month';
  const months = hoursByMonthAndMode
    .filter((entry) => validMonth(entry.month))
    .map((entry) => ({
      month: entry.month,
      segments: COOLING_MODES.map((mode) => ({ mode, hours: entry.hours[mode] ?? 0 })).filter(
        (segment) => Number.isFinite(segment.hours) && segment.hours > 0,
      ),
    }));
  const modeTotal = (mode: CoolingMode) =>
    sum(months.map((m) => m.segments.find((segment) => segment.mode === mode)?.hours ?? 0));
  const usedModes = COOLING_MODES.filter((mode) => modeTotal(mode) > 0);
  if (usedModes.length === 0) return emptyState('mode-hours', label, 'No cooling mode hours to show', 560);

  const legendColumns = 3;
  const legendRows = Math.ceil(usedModes.length / legendColumns);
  const plotHeight = 220;
  const height = 24 + plotHeight + 56 + legendRows * 20;
  const plot: Plot = { width: 560, height, left: 64, right: 8, top: 24, bottom: height - 24 - plotHeight };
  const slot = (plot.width - plot.left - plot.right) / 12;
  const barWidth = slot * 0.66;
  const scale = niceScale(
    0,
    Math.max(...months.map((m) => sum(m.segments.map((s) => s.hours)))),
    tickCount(plotHeight, 28, 4),
  );
  const y = (hours: number) => plot.top + plotHeight * (1 - (hours - scale.min) / (scale.max - scale.min));

  const bars = months.map(({ month, segments }) => {
    const x = plot.left + slot * (month - 1) + (slot - barWidth) / 2;
    let below = 0;
    const rects = segments.map(({ mode, hours }) => {
      const top = y(below + hours);
      const bottom = y(below);
      below += hours;
      const tooltip = `${monthLabel(month)}: ${MODE_LABELS[mode]}, ${numberFormat.format(hours)} h`;
      const geometry = { x: r(x), y: r(top), width: r(barWidth), height: r(bottom - top) };
      const attributes = { 'data-series': `mode:${mode}`, 'data-month': month, 'data-hours': hours };
      return el(
        'rect',
        { ...attributes, ...geometry, fill: MODE_COLORS[mode] },
        textEl('title', {}, tooltip),
      );
    });
    return el('g', { class: 'month', 'data-month': month }, ...rects);
  });

  const legendTop = plot.top + plotHeight + 56;
  const columnWidth = (plot.width - plot.left) / legendColumns;
  const legend = usedModes.map((mode, index) => {
    const lx = r(plot.left + (index % legendColumns) * columnWidth);
    const ly = legendTop + Math.floor(index / legendColumns) * 20;
    const swatch = { x: lx, y: ly, width: 12, height: 12, rx: 2, fill: MODE_COLORS[mode] };
    return el(
      'g',
      { 'data-legend': `mode:${mode}` },
      el('rect', swatch),
      textEl('text', { x: lx + 18, y: ly + 6, 'dominant-baseline': 'middle' }, MODE_LABELS[mode]),
    );
  });

  const totals = usedModes.map((mode) => `${MODE_LABELS[mode]} ${numberFormat.format(modeTotal(mode))} h`);
  return chartSvg(
    'mode-hours',
    label,
    plot,
    `Hours per mode over the year: ${totals.join(', ')}.`,
    options.heading,
    yAxis(plot, scale, y, 'Hours per month (h)'),
    el('g', { class: 'bars' }, ...bars),
    monthAxis(plot, slot),
    el('g', { class: 'legend' }, ...legend),
  );
}

/**
 * Monthly PUE as bars rising from a baseline at or below 1.0 (the ideal), with each month's value above
 * its bar and an optional dashed line at the annual PUE. Bars carry `data-series="pue" data-month
 * data-value`.
 */
export function monthlyPueChart(
  months: readonly MonthlyPue[],
  options: { annualPue?: number; heading?: ChartHeading } = {},
): string {
  const label = 'PUE by month';
  const data = months
    .filter((m) => validMonth(m.month) && Number.isFinite(m.pue))
    .sort((a, b) => a.month - b.month);
  if (data.length === 0) return emptyState('monthly-pue', label, 'No monthly PUE to show', 560);

  const plot: Plot = { width: 560, height: 316, left: 64, right: 8, top: 28, bottom: 48 };
  const plotHeight = plot.height - plot.top - plot.bottom;
  const slot = (plot.width - plot.left - plot.right) / 12;
  const barWidth = slot * 0.58;
  const values = data.map((m) => m.pue);
  const annual =
    options.annualPue !== undefined && Number.isFinite(options.annualPue) ? options.annualPue : null;
  // PUE cannot go below 1, so 1.0 is the natural floor: bar height then reads as overhead.
  const scale = yScale(plot, Math.min(1, ...values), Math.max(...values, annual ?? 1) * 1.02);
  const y = (pue: number) => plot.top + plotHeight * (1 - (pue - scale.min) / (scale.max - scale.min));
  const baseY = plot.height - plot.bottom;

  const bars = data.map(({ month, pue }) => {
    const x = plot.left + slot * (month - 1) + (slot - barWidth) / 2;
    const top = y(pue);
    const geometry = { x: r(x), y: r(top), width: r(barWidth), height: r(baseY - top), rx: 2 };
    // The white halo keeps a label readable where it crosses the annual line.
    const halo = { stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' };
    const valuePosition = { x: r(x + barWidth / 2), y: r(top - 6), 'text-anchor': 'middle', 'font-size': 11 };
    return (
      el(
        'rect',
        { 'data-series': 'pue', 'data-month': month, 'data-value': pue, ...geometry, fill: ACCENT },
        textEl('title', {}, `${monthLabel(month)}: PUE ${pue.toFixed(3)}`),
      ) + textEl('text', { class: 'value', ...valuePosition, ...halo }, pue.toFixed(2))
    );
  });

  let reference = '';
  if (annual !== null) {
    const dashed = { stroke: INK, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' };
    const right = plot.width - plot.right;
    const keyY = plot.top - 14;
    reference = el(
      'g',
      { class: 'reference', 'data-series': 'annual-pue' },
      hLine(plot.left, right, y(annual), dashed),
      hLine(right - 118, right - 96, keyY, dashed),
      textEl(
        'text',
        { x: right, y: keyY, 'text-anchor': 'end', 'dominant-baseline': 'middle', 'font-size': 11 },
        `annual ${annual.toFixed(3)}`,
      ),
    );
  }
  const low = data.reduce((best, m) => (m.pue < best.pue ? m : best));
  const high = data.reduce((worst, m) => (m.pue > worst.pue ? m : worst));
  const description =
    `Lowest ${monthLabel(low.month)} ${low.pue.toFixed(3)}, highest ${monthLabel(high.month)} ` +
    `${high.pue.toFixed(3)}${annual !== null ? `, annual ${annual.toFixed(3)}` : ''}.`;
  return chartSvg(
    'monthly-pue',
    label,
    plot,
    description,
    options.heading,
    yAxis(plot, scale, y, 'PUE (facility / IT energy)'),
    el('g', { class: 'bars' }, ...bars),
    reference,
    monthAxis(plot, slot),
  );
}

/**
 * Horizontal bars of each site's annual PUE for the same plan, best (lowest) first, from a 1.0 baseline,
 * each labelled with PUE and facility energy. The current site, if named, is highlighted. Bars carry
 * `data-series="site" data-site="<id>" data-value`.
 */
export function siteComparisonChart(
  sites: readonly SiteComparisonRow[],
  options: { currentSiteId?: string; heading?: ChartHeading } = {},
): string {
  const label = 'Annual PUE by site, same plan';
  const rows = sites
    .filter((site) => Number.isFinite(site.pue))
    .sort((a, b) => a.pue - b.pue || a.name.localeCompare(b.name));
  if (rows.length === 0) return emptyState('site-comparison', label, 'No sites to compare', 1160, 120);

  const rowHeight = 30;
  const plot: Plot = { width: 1160, height: 0, left: 230, right: 190, top: 8, bottom: 48 };
  plot.height = plot.top + rows.length * rowHeight + plot.bottom;
  const plotWidth = plot.width - plot.left - plot.right;
  const pues = rows.map((site) => site.pue);
  const scale = xScale(plotWidth, Math.min(1, ...pues), Math.max(...pues), 3);
  const x = (pue: number) => plot.left + (plotWidth * (pue - scale.min)) / (scale.max - scale.min);
  const baseY = plot.height - plot.bottom;

  const grid = scale.ticks.map(
    (tick) =>
      vLine(x(tick), plot.top, baseY, { stroke: GRID }) +
      tickLabel(x(tick), baseY + 18, formatTick(tick, scale.decimals), 'middle'),
  );
  const bars = rows.map((site, index) => {
    const current = site.id === options.currentSiteId;
    const top = plot.top + index * rowHeight;
    const middle = {
      y: top + rowHeight / 2,
      'dominant-baseline': 'middle',
      'font-weight': current ? 700 : undefined,
    };
    const value = `${site.pue.toFixed(3)} · ${numberFormat.format(site.facilityEnergyMwh)} MWh`;
    const width = r(Math.max(x(site.pue) - plot.left, 1));
    const geometry = { x: plot.left, y: top + 6, width, height: rowHeight - 12, rx: 2 };
    const fill = current ? ACCENT : '#93b4f5';
    return el(
      'g',
      { class: 'site', 'data-current': current ? 'true' : undefined },
      textEl('text', { x: plot.left - 10, ...middle, 'text-anchor': 'end' }, site.name),
      el(
        'rect',
        { 'data-series': 'site', 'data-site': site.id, 'data-value': site.pue, ...geometry, fill },
        textEl('title', {}, `${site.name}: PUE ${value}`),
      ),
      textEl('text', { x: r(x(site.pue) + 8), ...middle, fill: MUTED }, value),
    );
  });
  const description = `Best first: ${rows.map((s) => `${s.name} ${s.pue.toFixed(3)}`).join(', ')}.`;
  return chartSvg(
    'site-comparison',
    label,
    plot,
    description,
    options.heading,
    el(
      'g',
      { class: 'x-axis' },
      ...grid,
      vLine(plot.left, plot.top, baseY, { stroke: MUTED }),
      axisTitle(plot.left + plotWidth / 2, baseY + 36, 'Annual PUE (facility / IT energy)'),
    ),
    el('g', { class: 'bars' }, ...bars),
  );
}

/** One line of a sweep: a design (say) and its value at each value of the swept variable. */
export interface SweepSeries {
  id: string;
  label: string;
  points: readonly { x: number; y: number }[];
}

/** Colors of sweep lines, in series order (then repeated). */
const SERIES_COLORS = ['#2563eb', '#1b7f5a', '#7c3aed', '#dc4c3e', '#0891b2', '#b45309'];

/**
 * A sweep as lines over its swept variable: one line with markers per series, x ascending, with axis
 * titles carrying units and an optional dashed reference line (a grid cap, say). Markers carry
 * `data-series="sweep:<id>" data-x data-y`; the reference line `data-series="reference" data-value`.
 */
export function sweepChart(
  series: readonly SweepSeries[],
  options: {
    xTitle: string;
    yTitle: string;
    reference?: { value: number; label: string };
    heading?: ChartHeading;
    /** Decimals of y values in tooltips (default 0). */
    yDecimals?: number;
  },
): string {
  const label = `${options.yTitle} over ${options.xTitle}`;
  const lines = series
    .map((line) => ({
      ...line,
      points: line.points
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
        .sort((a, b) => a.x - b.x),
    }))
    .filter((line) => line.points.length > 0);
  if (lines.length === 0) return emptyState('sweep', label, 'No plans to show', 960, 160);

  const xs = lines.flatMap((line) => line.points.map((p) => p.x));
  const ys = lines.flatMap((line) => line.points.map((p) => p.y));
  const reference =
    options.reference && Number.isFinite(options.reference.value) ? options.reference : undefined;
  const yLo = Math.min(...ys, reference?.value ?? Number.POSITIVE_INFINITY);
  const yHi = Math.max(...ys, reference?.value ?? Number.NEGATIVE_INFINITY);
  const pad = yHi > yLo ? (yHi - yLo) * 0.05 : Math.max(Math.abs(yHi) * 0.05, 1);
  // Power and PUE are never negative: the padding stops at zero rather than drawing a negative axis.
  const yS = niceScale(yLo >= 0 ? Math.max(0, yLo - pad) : yLo - pad, yHi + pad, tickCount(300, 28, 6));
  const legendRows = Math.ceil(lines.length / 3);
  const plot: Plot = {
    width: 960,
    height: 0,
    left: leftFor(yS),
    right: 24,
    top: 20,
    bottom: 56 + legendRows * 20,
  };
  plot.height = plot.top + 300 + plot.bottom;
  const plotWidth = plot.width - plot.left - plot.right;
  const right = plot.width - plot.right;
  const baseY = plot.top + 300;
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs);
  const xS = xScale(plotWidth, xLo, xHi, xs.every(Number.isInteger) ? 0 : 2);
  const x = (value: number) => plot.left + (plotWidth * (value - xS.min)) / (xS.max - xS.min);
  const y = (value: number) => plot.top + (baseY - plot.top) * (1 - (value - yS.min) / (yS.max - yS.min));
  const digits = options.yDecimals ?? 0;
  const yFormat = (value: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

  const xTicks = xS.ticks.map(
    (tick) =>
      vLine(x(tick), plot.top, baseY, { stroke: GRID }) +
      tickLabel(x(tick), baseY + 18, formatTick(tick, xS.decimals), 'middle'),
  );
  const xAxis = el(
    'g',
    { class: 'x-axis' },
    ...xTicks,
    hLine(plot.left, right, baseY, { stroke: MUTED }),
    axisTitle(plot.left + plotWidth / 2, baseY + 36, options.xTitle),
  );
  const drawn = lines.map((line, index) => {
    const color = SERIES_COLORS[index % SERIES_COLORS.length]!;
    const path = line.points.map((p) => `${r(x(p.x))},${r(y(p.y))}`).join(' ');
    const markers = line.points.map((p) =>
      el(
        'circle',
        {
          'data-series': `sweep:${line.id}`,
          'data-x': p.x,
          'data-y': p.y,
          cx: r(x(p.x)),
          cy: r(y(p.y)),
          r: 2.5,
          fill: color,
        },
        textEl('title', {}, `${line.label}, ${formatTick(p.x, xS.decimals)}: ${yFormat(p.y)}`),
      ),
    );
    return el(
      'g',
      { class: 'series', 'data-line': line.id },
      el('polyline', {
        points: path,
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-linejoin': 'round',
      }),
      ...markers,
    );
  });
  let referenceLine = '';
  if (reference) {
    const dashed = { stroke: ALERT, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' };
    const ry = y(reference.value);
    referenceLine = el(
      'g',
      { 'data-series': 'reference', 'data-value': reference.value },
      hLine(plot.left, right, ry, dashed),
      textEl(
        'text',
        { x: right - 4, y: r(ry - 6), 'text-anchor': 'end', fill: ALERT, 'font-size': 11 },
        reference.label,
      ),
    );
  }
  const legendTop = baseY + 52;
  const columnWidth = plotWidth / 3;
  const legend = lines.map((line, index) => {
    const lx = r(plot.left + (index % 3) * columnWidth);
    const ly = legendTop + Math.floor(index / 3) * 20;
    const color = SERIES_COLORS[index % SERIES_COLORS.length]!;
    return el(
      'g',
      { 'data-legend': line.id },
      hLine(lx, lx + 22, ly + 6, { stroke: color, 'stroke-width': 2 }),
      textEl('text', { x: lx + 28, y: ly + 6, 'dominant-baseline': 'middle' }, line.label),
    );
  });
  const description = lines
    .map((line) => {
      const first = line.points[0]!;
      const last = line.points[line.points.length - 1]!;
      return `${line.label}: ${yFormat(first.y)} at ${first.x} to ${yFormat(last.y)} at ${last.x}`;
    })
    .join('; ');
  return chartSvg(
    'sweep',
    label,
    plot,
    `${description}.`,
    options.heading,
    yAxis(plot, yS, y, options.yTitle),
    xAxis,
    referenceLine,
    el('g', { class: 'lines' }, ...drawn),
    el('g', { class: 'legend' }, ...legend),
  );
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const TIME_STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE_MS);

function formatClock(timestampMs: number, utcOffsetHours: number): string {
  const local = new Date(timestampMs + utcOffsetHours * HOUR_MS);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

function formatOffset(utcOffsetHours: number): string {
  if (utcOffsetHours === 0) return 'UTC';
  const sign = utcOffsetHours > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(utcOffsetHours));
  const minutes = Math.round((Math.abs(utcOffsetHours) - hours) * 60);
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

/**
 * Live facility power as a line with one marker per sample (callers downsample long windows), the
 * budgeted power as a dashed line, and samples above budget marked in red. Times are shown at the site's
 * UTC offset. With no samples it renders an empty state. Markers carry `data-series="facility-power"
 * data-timestamp-ms`; the budget line carries `data-series="budget"`.
 */
export function livePowerChart(
  points: readonly LivePowerPoint[],
  budgetPowerKw: number,
  options: { utcOffsetHours?: number } = {},
): string {
  const label = 'Live facility power against budget';
  const offset = options.utcOffsetHours ?? 0;
  const zone = formatOffset(offset);
  const data = points
    .filter((p) => Number.isFinite(p.timestampMs) && Number.isFinite(p.facilityPowerKw))
    .sort((a, b) => a.timestampMs - b.timestampMs);
  const budget = Number.isFinite(budgetPowerKw) && budgetPowerKw > 0 ? budgetPowerKw : null;
  const budgetText = budget === null ? '' : `Budget ${numberFormat.format(budget)} kW`;
  const first = data[0];
  const latest = data[data.length - 1];
  if (first === undefined || latest === undefined) {
    const suffix = budget === null ? '' : ` (budget ${numberFormat.format(budget)} kW)`;
    const message = `No telemetry received yet${suffix}`;
    return emptyState('live-power', label, message, 1160, 160);
  }

  const plot: Plot = { width: 1160, height: 316, left: 76, right: 28, top: 36, bottom: 48 };
  const right = plot.width - plot.right;
  const baseY = plot.height - plot.bottom;
  // A single sample still needs a time span to sit in.
  const spread = latest.timestampMs > first.timestampMs ? 0 : 30 * MINUTE_MS;
  const t0 = first.timestampMs - spread;
  const t1 = latest.timestampMs + spread;
  const powers = data.map((p) => p.facilityPowerKw);
  const lo = Math.min(...powers, budget ?? Number.POSITIVE_INFINITY);
  const hi = Math.max(...powers, budget ?? Number.NEGATIVE_INFINITY);
  const pad = hi > lo ? (hi - lo) * 0.15 : Math.max(hi * 0.05, 1);
  const scale = yScale(plot, Math.max(0, lo - pad), hi + pad);
  plot.left = leftFor(scale, 76);
  const x = (t: number) => plot.left + ((right - plot.left) * (t - t0)) / (t1 - t0);
  const y = (kw: number) => plot.top + (baseY - plot.top) * (1 - (kw - scale.min) / (scale.max - scale.min));

  const step = TIME_STEPS_MS.find((s) => (t1 - t0) / s <= 8) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1]!;
  const offsetMs = offset * HOUR_MS;
  const timeTicks: string[] = [];
  for (let t = Math.ceil((t0 + offsetMs) / step) * step - offsetMs; t <= t1; t += step) {
    timeTicks.push(
      vLine(x(t), baseY, baseY + 4, { stroke: MUTED }) +
        tickLabel(x(t), baseY + 18, formatClock(t, offset), 'middle'),
    );
  }
  const timeAxis = el(
    'g',
    { class: 'x-axis' },
    hLine(plot.left, right, baseY, { stroke: MUTED }),
    ...timeTicks,
    axisTitle((plot.left + right) / 2, baseY + 36, `Time (site time, ${zone})`),
  );

  const line = data.map((p) => `${r(x(p.timestampMs))},${r(y(p.facilityPowerKw))}`).join(' ');
  const area = `${r(x(first.timestampMs))},${baseY} ${line} ${r(x(latest.timestampMs))},${baseY}`;
  const markers = data.map((p) => {
    const over = budget !== null && p.facilityPowerKw > budget;
    const position = { cx: r(x(p.timestampMs)), cy: r(y(p.facilityPowerKw)), r: over ? 2.5 : 1.6 };
    const kw = numberFormat.format(p.facilityPowerKw);
    const tooltip = `${formatClock(p.timestampMs, offset)} ${zone}: ${kw} kW`;
    return el(
      'circle',
      {
        'data-series': 'facility-power',
        'data-timestamp-ms': p.timestampMs,
        ...position,
        fill: over ? ALERT : ACCENT,
      },
      textEl('title', {}, tooltip),
    );
  });
  const dashed = { stroke: ALERT, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' };
  const budgetLine =
    budget === null
      ? ''
      : el(
          'g',
          { 'data-series': 'budget', 'data-value': budget },
          hLine(plot.left, right, y(budget), dashed),
        );

  const keyY = 12;
  const keyText = (dx: number, text: string) =>
    textEl('text', { x: plot.left + dx, y: keyY, 'dominant-baseline': 'middle' }, text);
  const legend = el(
    'g',
    { class: 'legend' },
    hLine(plot.left, plot.left + 22, keyY, { stroke: ACCENT, 'stroke-width': 2 }),
    keyText(28, `Facility power, latest ${numberFormat.format(latest.facilityPowerKw)} kW`),
    budget === null
      ? ''
      : hLine(plot.left + 270, plot.left + 292, keyY, dashed) +
          keyText(298, budgetText) +
          el('circle', { cx: plot.left + 450, cy: keyY, r: 3, fill: ALERT }) +
          keyText(460, 'Above budget'),
  );
  const latestMarker = el('circle', {
    cx: r(x(latest.timestampMs)),
    cy: r(y(latest.facilityPowerKw)),
    r: 5,
    fill: '#fff',
    stroke: ACCENT,
    'stroke-width': 2,
  });
  const description =
    `${data.length} samples from ${formatClock(first.timestampMs, offset)} to ` +
    `${formatClock(latest.timestampMs, offset)} ${zone}; ` +
    `latest ${numberFormat.format(latest.facilityPowerKw)} kW` +
    `${budget === null ? '' : ` against a budget of ${numberFormat.format(budget)} kW`}.`;
  return chartSvg(
    'live-power',
    label,
    plot,
    description,
    undefined,
    yAxis(plot, scale, y, 'Facility power (kW)'),
    timeAxis,
    el('polygon', { points: area, fill: ACCENT, 'fill-opacity': 0.08 }),
    el('polyline', {
      'data-line': 'facility-power',
      points: line,
      fill: 'none',
      stroke: ACCENT,
      'stroke-width': 2,
      'stroke-linejoin': 'round',
    }),
    budgetLine,
    legend,
    el('g', { class: 'points' }, ...markers),
    latestMarker,
  );
}
