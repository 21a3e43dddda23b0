import { COOLING_MODES } from '@karst/cooling';
import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';
import {
  livePowerChart,
  MODE_COLORS,
  MODE_LABELS,
  monthlyModeHoursChart,
  monthlyPueChart,
  niceScale,
  siteComparisonChart,
  sweepChart,
  textWidth,
} from './charts.js';
import { escapeHtml } from './escape.js';

/** Values of one data attribute on the elements of one series, in document order. */
function attributeValues(svg: string, series: RegExp, attribute: string): string[] {
  const values: string[] = [];
  for (const element of svg.matchAll(/<(?:rect|circle)\b[^>]*>/g)) {
    const tag = element[0];
    const seriesValue = /data-series="([^"]*)"/.exec(tag)?.[1];
    if (seriesValue === undefined || !series.test(seriesValue)) continue;
    values.push(new RegExp(`${attribute}="([^"]*)"`).exec(tag)?.[1] ?? '');
  }
  return values;
}

function tickLabels(svg: string): string[] {
  return [...svg.matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

function expectAccessibleSvg(svg: string, chart: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).toContain(`data-chart="${chart}"`);
  expect(svg).toContain('role="img"');
  expect(svg).toMatch(/aria-label="[^"]+"/);
  expect(svg).toMatch(/<title>[^<]+<\/title>/);
  expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
  // Sizes come from the viewBox alone so the page's CSS decides the rendered size.
  expect(svg.slice(0, svg.indexOf('>'))).not.toMatch(/\swidth=/);
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(1.5)).toBe('1.5');
  });
});

describe('niceScale', () => {
  it('rounds bounds out to a 1, 2, 2.5 or 5 step', () => {
    expect(niceScale(0, 744, 4)).toEqual({ min: 0, max: 800, ticks: [0, 200, 400, 600, 800], decimals: 0 });
    expect(niceScale(1, 1.27, 5)).toMatchObject({ min: 1, max: 1.3, ticks: [1, 1.1, 1.2, 1.3], decimals: 1 });
  });

  it('survives a flat series', () => {
    const scale = niceScale(5, 5);
    expect(scale.max).toBeGreaterThan(scale.min);
  });
});

describe('monthlyModeHoursChart', () => {
  const budget = computeBudget({});
  const months = budget.months.map((month) => ({ month: month.month, hours: month.modeHours }));

  it('draws one segment per (month, mode) with hours, adding up to the year', () => {
    const svg = monthlyModeHoursChart(months);
    expectAccessibleSvg(svg, 'mode-hours');
    const pairs = months.flatMap(({ month, hours }) =>
      COOLING_MODES.filter((mode) => (hours[mode] ?? 0) > 0).map((mode) => `mode:${mode}@${month}`),
    );
    const series = attributeValues(svg, /^mode:/, 'data-series');
    const segmentMonths = attributeValues(svg, /^mode:/, 'data-month');
    expect(series.map((s, i) => `${s}@${segmentMonths[i]}`)).toEqual(pairs);
    const hours = attributeValues(svg, /^mode:/, 'data-hours').map(Number);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(8760);
    // Per mode, the months add up to the budget's annual mode hours.
    for (const mode of COOLING_MODES) {
      const total = attributeValues(svg, new RegExp(`^mode:${mode}$`), 'data-hours')
        .map(Number)
        .reduce((a, b) => a + b, 0);
      expect(total).toBe(budget.modeHours[mode]);
    }
  });

  it('has a legend of exactly the modes that ran, in their colors, and every month on the axis', () => {
    const svg = monthlyModeHoursChart([
      { month: 1, hours: { 'free-air': 700, mechanical: 44, 'indirect-dry': 0 } },
      { month: 2, hours: { 'free-air': 672 } },
    ]);
    const legend = [...svg.matchAll(/data-legend="mode:([^"]+)"/g)].map((m) => m[1]);
    expect(legend).toEqual(['free-air', 'mechanical']);
    expect(svg).toContain(MODE_LABELS.mechanical);
    expect(svg).toContain(`fill="${MODE_COLORS.mechanical}"`);
    expect(svg).not.toContain('data-series="mode:indirect-dry"');
    expect(attributeValues(svg, /^mode:/, 'data-series')).toHaveLength(3);
    expect(tickLabels(svg)).toEqual(expect.arrayContaining(['Jan', 'Jun', 'Dec', '0', '800']));
  });

  it('shows an empty state when no mode has hours', () => {
    for (const svg of [
      monthlyModeHoursChart([]),
      monthlyModeHoursChart([{ month: 1, hours: { mechanical: 0 } }]),
    ]) {
      expectAccessibleSvg(svg, 'mode-hours');
      expect(svg).toContain('data-empty="true"');
      expect(svg).not.toContain('data-series=');
    }
  });
});

describe('monthlyPueChart', () => {
  const budget = computeBudget({});

  it('draws a bar per month in month order with its value and the axis ticks', () => {
    const shuffled = [...budget.months].reverse();
    const svg = monthlyPueChart(shuffled, { annualPue: budget.annual.pue });
    expectAccessibleSvg(svg, 'monthly-pue');
    expect(attributeValues(svg, /^pue$/, 'data-month')).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1)),
    );
    for (const month of budget.months) expect(svg).toContain(`>${month.pue.toFixed(2)}</text>`);
    const ticks = tickLabels(svg);
    // The axis starts at PUE 1 (its label's decimals follow the tick step, which follows the data).
    expect(ticks.map(Number)).toContain(1);
    expect(ticks).toEqual(expect.arrayContaining(['Jan', 'Dec']));
    expect(svg).toContain('data-series="annual-pue"');
    expect(svg).toContain(`annual ${budget.annual.pue.toFixed(3)}`);
  });

  it('grows taller bars for higher PUE from a shared baseline', () => {
    const svg = monthlyPueChart([
      { month: 1, pue: 1.1 },
      { month: 2, pue: 1.4 },
    ]);
    const heights = attributeValues(svg, /^pue$/, 'height').map(Number);
    expect(heights[1]!).toBeGreaterThan(heights[0]!);
    expect(svg).not.toContain('data-series="annual-pue"');
  });

  it('ignores months outside 1..12 and non-finite values, and shows an empty state without data', () => {
    const svg = monthlyPueChart([
      { month: 0, pue: 1.2 },
      { month: 13, pue: 1.2 },
      { month: 3, pue: Number.NaN },
      { month: 4, pue: 1.2 },
    ]);
    expect(attributeValues(svg, /^pue$/, 'data-month')).toEqual(['4']);
    const empty = monthlyPueChart([]);
    expectAccessibleSvg(empty, 'monthly-pue');
    expect(empty).toContain('data-empty="true"');
  });
});

describe('siteComparisonChart', () => {
  const sites = [
    { id: 'b', name: 'Beta', pue: 1.3, facilityEnergyMwh: 34_000 },
    { id: 'a', name: 'Alpha', pue: 1.15, facilityEnergyMwh: 30_000 },
    { id: 'c', name: 'Gamma', pue: 1.2, facilityEnergyMwh: 31_500.4 },
  ];

  it('draws one bar per site, best first, labelled with PUE and energy', () => {
    const svg = siteComparisonChart(sites, { currentSiteId: 'c' });
    expectAccessibleSvg(svg, 'site-comparison');
    expect(attributeValues(svg, /^site$/, 'data-site')).toEqual(['a', 'c', 'b']);
    expect(svg).toContain('1.200 · 31,500 MWh');
    expect(svg.match(/data-current="true"/g)).toHaveLength(1);
    const widths = attributeValues(svg, /^site$/, 'width').map(Number);
    expect(widths).toEqual([...widths].sort((x, y) => x - y));
    expect(tickLabels(svg)).toEqual(expect.arrayContaining(['1.00', '1.10', '1.20', '1.30']));
  });

  it('escapes site names and ids', () => {
    const svg = siteComparisonChart([
      { id: 'x"><script>', name: '<script>alert("x")</script> & co', pue: 1.2, facilityEnergyMwh: 1 },
    ]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toContain('data-site="x&quot;&gt;&lt;script&gt;"');
  });

  it('shows an empty state without sites', () => {
    const svg = siteComparisonChart([]);
    expectAccessibleSvg(svg, 'site-comparison');
    expect(svg).toContain('No sites to compare');
  });
});

describe('livePowerChart', () => {
  const start = Date.UTC(2025, 6, 15, 0, 0);
  const points = Array.from({ length: 24 }, (_, i) => ({
    timestampMs: start + i * 300_000,
    facilityPowerKw: 3_500 + (i === 20 ? 400 : i * 5),
  }));

  it('draws a marker per sample, the budget line, and flags samples above budget', () => {
    const svg = livePowerChart([...points].reverse(), 3_700, { utcOffsetHours: 8 });
    expectAccessibleSvg(svg, 'live-power');
    const stamps = attributeValues(svg, /^facility-power$/, 'data-timestamp-ms').map(Number);
    expect(stamps).toEqual(points.map((p) => p.timestampMs));
    expect(svg).toContain('data-series="budget" data-value="3700"');
    expect(svg).toContain('Budget 3,700 kW');
    expect(svg.match(/fill="#dc4c3e"><title>/g)).toHaveLength(1);
    expect(svg).toContain('<polyline data-line="facility-power"');
    // Site clock: 00:00 UTC is 08:00 at UTC+8.
    expect(tickLabels(svg)).toContain('08:00');
    expect(svg).toContain('site time, UTC+8');
  });

  it('puts the budget inside the power axis even when far from the samples', () => {
    const svg = livePowerChart(points, 5_000);
    const ticks = tickLabels(svg)
      .filter((t) => /^[\d,]+$/.test(t) && t.length > 2)
      .map((t) => Number(t.replaceAll(',', '')));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(5_000);
  });

  it('draws a single sample and skips a non-finite budget', () => {
    const svg = livePowerChart([points[0]!], Number.NaN);
    expect(attributeValues(svg, /^facility-power$/, 'data-timestamp-ms')).toHaveLength(1);
    expect(svg).not.toContain('data-series="budget"');
  });

  it('shows an empty state with the budget when there are no samples', () => {
    const svg = livePowerChart([], 3_688.4);
    expectAccessibleSvg(svg, 'live-power');
    expect(svg).toContain('data-empty="true"');
    expect(svg).toContain('No telemetry received yet (budget 3,688 kW)');
    expect(svg).not.toContain('data-series=');
  });
});

/** Items grouped by a key (Map.groupBy is Node 21+). */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

interface Label {
  x: number;
  y: number;
  text: string;
  anchor: string;
}

/** Tick labels with their positions (in the chart's own coordinates). */
function positionedTicks(svg: string): Label[] {
  return [
    ...svg.matchAll(
      /<text class="tick" x="([-\d.]+)" y="([-\d.]+)" text-anchor="(\w+)"[^>]*>([^<]*)<\/text>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), anchor: m[3]!, text: m[4]! }));
}

/** Left and right edge of a label, from the same width estimate the charts use. */
function extent(label: Label): [number, number] {
  const width = textWidth(label.text);
  if (label.anchor === 'middle') return [label.x - width / 2, label.x + width / 2];
  if (label.anchor === 'end') return [label.x - width, label.x];
  return [label.x, label.x + width];
}

/** No two tick labels on one row overlap, and no two in one column come closer than a line. */
function expectNoOverlap(svg: string): void {
  const ticks = positionedTicks(svg);
  expect(ticks.length).toBeGreaterThan(2);
  const rows = groupBy(ticks, (tick) => tick.y);
  for (const row of rows.values()) {
    if (row.length < 2) continue;
    const sorted = [...row].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++)
      expect(extent(sorted[i]!)[0], `${sorted[i - 1]!.text} / ${sorted[i]!.text}`).toBeGreaterThan(
        extent(sorted[i - 1]!)[1],
      );
  }
  const columns = groupBy(
    ticks.filter((tick) => tick.anchor === 'end'),
    (tick) => tick.x,
  );
  for (const column of columns.values()) {
    const ys = column.map((tick) => tick.y).sort((a, b) => a - b);
    // 12 px text: labels at least 14 px apart never touch.
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(14);
  }
  // The y axis title sits left of every y tick label, not above the top one ("PUE" on "1.3").
  const title = /<text class="axis-title" x="([-\d.]+)"[^>]*transform="rotate\(-90/.exec(svg);
  if (title) {
    const left = Math.min(...ticks.filter((t) => t.anchor === 'end').map((t) => extent(t)[0]));
    expect(Number(title[1]) + 6).toBeLessThan(left);
  }
}

function axisTitles(svg: string): string[] {
  return [...svg.matchAll(/<text class="axis-title"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('standalone charts: headings, axis titles with units, ticks that never overlap', () => {
  const budget = computeBudget({});
  const heading = {
    title: 'PUE by month: Guiyang',
    subtitle: `500 racks x 10 kW ${'at 60 % utilization, '.repeat(6)}`,
  };

  it('draws a title and a wrapped subtitle above the chart, taller by their lines', () => {
    const plain = monthlyPueChart(budget.months);
    const titled = monthlyPueChart(budget.months, { heading });
    const height = (svg: string) => Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)?.[1]);
    expect(titled).toContain('<text class="chart-title"');
    expect(titled).toContain('>PUE by month: Guiyang</text>');
    const subtitleLines = titled.match(/class="chart-subtitle"/g) ?? [];
    expect(subtitleLines.length).toBeGreaterThan(1);
    expect(height(titled)).toBe(height(plain) + 36 + 16 * subtitleLines.length);
    expect(titled).toContain('<title>PUE by month: Guiyang</title>');
    // Every subtitle line fits the width.
    for (const line of titled.matchAll(/class="chart-subtitle"[^>]*>([^<]*)</g))
      expect(textWidth(line[1]!)).toBeLessThanOrEqual(560 - 24);
  });

  it('names each axis with its unit', () => {
    const months = budget.months.map((month) => ({ month: month.month, hours: month.modeHours }));
    expect(axisTitles(monthlyModeHoursChart(months))).toEqual(['Hours per month (h)', 'Month']);
    expect(axisTitles(monthlyPueChart(budget.months))).toEqual(['PUE (facility / IT energy)', 'Month']);
    expect(axisTitles(siteComparisonChart([{ id: 'a', name: 'A', pue: 1.2, facilityEnergyMwh: 1 }]))).toEqual(
      ['Annual PUE (facility / IT energy)'],
    );
    const live = livePowerChart([{ timestampMs: 0, facilityPowerKw: 3_000 }], 3_500, { utcOffsetHours: 8 });
    expect(axisTitles(live)).toEqual(['Facility power (kW)', 'Time (site time, UTC+8)']);
  });

  it.each([
    ['PUE 1.0..1.3', [1.0, 1.3]],
    ['PUE 1.05..1.07', [1.05, 1.07]],
    ['PUE 1.1..2.9', [1.1, 2.9]],
  ])('keeps the monthly PUE and comparison ticks apart (%s)', (_name, [low, high]) => {
    const months = Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      pue: low! + ((high! - low!) * i) / 11,
    }));
    expectNoOverlap(monthlyPueChart(months, { annualPue: (low! + high!) / 2 }));
    expectNoOverlap(
      siteComparisonChart(
        months.map((m) => ({ id: String(m.month), name: `s${m.month}`, pue: m.pue, facilityEnergyMwh: 1 })),
      ),
    );
  });

  it.each([
    ['10..20 racks', 10, 20, 1],
    ['100..2,000 racks', 100, 2_000, 25],
    ['1,000..200,000 racks', 1_000, 200_000, 2_500],
  ])('keeps a sweep of 80 plans readable (%s)', (_name, start, end, step) => {
    const values = Array.from({ length: 80 }, (_, i) => Math.min(start + i * step, end));
    const svg = sweepChart(
      [
        { id: 'a', label: 'indirect-evaporative', points: values.map((x) => ({ x, y: x * 7.9 })) },
        { id: 'b', label: 'mechanical', points: values.map((x) => ({ x, y: x * 9.1 })) },
      ],
      {
        xTitle: 'Racks (10 kW each)',
        yTitle: 'Peak facility power (kW)',
        reference: { value: 6_000, label: 'cap' },
      },
    );
    expectNoOverlap(svg);
  });
});

describe('sweepChart', () => {
  const series = [
    { id: 'mechanical', label: 'mechanical', points: [300, 100, 200].map((x) => ({ x, y: x * 10 })) },
    { id: 'free-air', label: 'free-air', points: [100, 200, 300].map((x) => ({ x, y: x * 8 })) },
  ];

  it('draws each series as a line over the swept variable, in its order, with the reference line', () => {
    const svg = sweepChart(series, {
      xTitle: 'Racks (10 kW design each)',
      yTitle: 'Peak facility power (kW)',
      reference: { value: 2_500, label: 'grid cap 2,500 kW' },
      heading: { title: 'Sweep: Guiyang', subtitle: 'racks 100..300' },
    });
    expectAccessibleSvg(svg, 'sweep');
    expect(attributeValues(svg, /^sweep:mechanical$/, 'data-x')).toEqual(['100', '200', '300']);
    expect(attributeValues(svg, /^sweep:mechanical$/, 'data-y')).toEqual(['1000', '2000', '3000']);
    // One polyline per series, and its x coordinates rise with the swept variable.
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) =>
      m[1]!.split(' ').map((pair) => Number(pair.split(',')[0])),
    );
    expect(polylines).toHaveLength(2);
    for (const xs of polylines) expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(svg).toContain('data-series="reference" data-value="2500"');
    expect(svg).toContain('grid cap 2,500 kW');
    expect(axisTitles(svg)).toEqual(['Peak facility power (kW)', 'Racks (10 kW design each)']);
    expect([...svg.matchAll(/data-legend="([^"]+)"/g)].map((m) => m[1])).toEqual(['mechanical', 'free-air']);
  });

  it('shows an empty state without points', () => {
    const svg = sweepChart([{ id: 'a', label: 'a', points: [] }], { xTitle: 'x', yTitle: 'y' });
    expectAccessibleSvg(svg, 'sweep');
    expect(svg).toContain('data-empty="true"');
  });
});
