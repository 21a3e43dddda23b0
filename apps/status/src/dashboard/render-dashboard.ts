import {
  escapeHtml,
  type LivePowerPoint,
  livePowerChart,
  monthlyModeHoursChart,
  monthlyPueChart,
  type SiteComparisonRow,
  siteComparisonChart,
} from '@karst/charts';
import { MONTH_NAMES } from '@karst/climate';
import type { Budget, PeriodBudget } from '@karst/energy';

/** How urgent an active alert is; also picks its badge color. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** An active alert as shown on the dashboard. */
export interface DashboardAlert {
  id: string;
  severity: AlertSeverity;
  message: string;
}

/** Everything the dashboard shows, as plain data: no I/O happens while rendering. */
export interface DashboardModel {
  site: {
    id: string;
    name: string;
    region: string;
    elevationM: number;
    /** Site clock for the live chart's time axis; UTC when absent. */
    timeZoneHours?: number;
  };
  deployment: { region: string; stack: string; version: string };
  budget: Budget;
  /** The same plan at other sites. */
  comparison: SiteComparisonRow[];
  live: {
    points: LivePowerPoint[];
    /** Budgeted facility power to draw on the live chart; defaults to the latest sample's month average. */
    budgetPowerKw?: number;
    latest?: { facilityPowerKw: number; itPowerKw: number; pue: number };
    /** Energy so far this month against the whole month's budgeted energy; `coverageShare` of the month so far has data. */
    monthToDate?: { energyMwh: number; budgetMwh: number; cost: number; coverageShare?: number | null };
    /** The chart's time range, and the ranges to link to. */
    range?: {
      id: string;
      label: string;
      stepLabel: string;
      options: readonly { id: string; label: string }[];
    };
    /** Each meter: stale ones are marked. */
    meters?: readonly DashboardMeter[];
  };
  alerts: DashboardAlert[];
  /** When the page was rendered; shown in the footer when given. */
  generatedAtMs?: number;
}

/** A meter's row on the dashboard. */
export interface DashboardMeter {
  id: string;
  roles: readonly string[];
  stale: boolean;
  lastReadingMs: number | null;
  liveFacilityPowerKw?: number;
  liveItPowerKw?: number;
  /** Mean facility power this month over the time the meter was measured. */
  monthMeanFacilityPowerKw?: number;
  pueCategory: number | null;
}

const HOUR_MS = 3_600_000;

function formatNumber(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** Money in the budget's currency; `compact` (e.g. CN¥10.9M) keeps tiles to one line. */
function formatMoney(value: number, currency: string, compact = false): string {
  if (!Number.isFinite(value)) return '–';
  try {
    return value.toLocaleString(
      'en-US',
      compact && Math.abs(value) >= 100_000
        ? { style: 'currency', currency, notation: 'compact', maximumSignificantDigits: 3 }
        : { style: 'currency', currency, maximumFractionDigits: 0 },
    );
  } catch {
    // An unknown currency code must not take the whole page down.
    return `${formatNumber(value)} ${currency}`;
  }
}

/** The budget's month that the latest sample falls in, at the site's clock; the year without samples. */
function livePeriod(model: DashboardModel): { period: PeriodBudget; name: string } {
  const { budget, live, site } = model;
  const latest = live.points.reduce<LivePowerPoint | undefined>(
    (best, p) => (best === undefined || p.timestampMs > best.timestampMs ? p : best),
    undefined,
  );
  if (latest === undefined) return { period: budget.annual, name: 'the year' };
  const month = new Date(latest.timestampMs + (site.timeZoneHours ?? 0) * HOUR_MS).getUTCMonth() + 1;
  const period = budget.months.find((m) => m.month === month);
  return period ? { period, name: MONTH_NAMES[month - 1]! } : { period: budget.annual, name: 'the year' };
}

/** Average budgeted facility power over the live period. */
function defaultBudgetPowerKw(model: DashboardModel): number {
  const { period } = livePeriod(model);
  return period.hours > 0 ? (period.facilityEnergyMwh * 1000) / period.hours : Number.NaN;
}

interface Tile {
  id: string;
  label: string;
  value: string;
  unit?: string;
  detail?: string;
  tone?: 'good' | 'bad';
  /** 0..1 of a budget, drawn as a bar under the value. */
  progress?: number;
}

function tile({ id, label, value, unit, detail, tone, progress }: Tile): string {
  const unitHtml = unit ? ` <span class="unit">${escapeHtml(unit)}</span>` : '';
  const detailHtml = detail ? `<div class="detail">${escapeHtml(detail)}</div>` : '';
  const widthPct = formatNumber(Math.min(Math.max(progress ?? 0, 0), 1) * 100, 1);
  const progressHtml =
    progress === undefined
      ? ''
      : `<div class="progress${progress > 1 ? ' over' : ''}" aria-hidden="true">` +
        `<span style="width:${widthPct}%"></span></div>`;
  return (
    `<div class="tile${tone ? ` ${tone}` : ''}" data-tile="${escapeHtml(id)}">` +
    `<div class="label">${escapeHtml(label)}</div>` +
    `<div class="value">${escapeHtml(value)}${unitHtml}</div>` +
    `${progressHtml}${detailHtml}</div>`
  );
}

function tiles(model: DashboardModel): string {
  const { annual, headroom, site } = model.budget;
  const currency = site.currency;
  const demandCost = formatMoney(annual.demandCost, currency);
  const compressorFreePct = annual.hours > 0 ? (100 * annual.economizerHours) / annual.hours : 0;
  const list: Tile[] = [
    {
      id: 'annual-pue',
      label: 'Annual PUE',
      value: formatNumber(annual.pue, 3),
      detail: `cooling pPUE ${formatNumber(annual.coolingPartialPue, 3)}`,
    },
    {
      id: 'energy',
      label: 'Facility energy',
      value: formatNumber(annual.facilityEnergyMwh),
      unit: 'MWh/yr',
      detail: `IT ${formatNumber(annual.itEnergyMwh)} MWh`,
    },
    {
      id: 'cost',
      label: 'Energy cost',
      value: formatMoney(annual.cost, currency, true),
      unit: '/yr',
      detail: `${formatMoney(annual.cost, currency)} incl. demand ${demandCost}`,
    },
    {
      id: 'carbon-location',
      label: 'Carbon (location-based)',
      value: formatNumber(annual.carbonLocationBasedTCo2e),
      unit: 't CO₂e/yr',
      detail: `${formatNumber(model.budget.carbonFactors.locationKgCo2ePerKwh, 3)} kg/kWh grid average`,
    },
    {
      id: 'carbon-market',
      label: 'Carbon (market-based)',
      value: formatNumber(annual.carbonMarketBasedTCo2e),
      unit: 't CO₂e/yr',
      detail: `${formatNumber(model.budget.carbonFactors.marketKgCo2ePerKwh, 3)} kg/kWh contracted`,
    },
    {
      id: 'water',
      label: 'Water',
      value: formatNumber(annual.waterM3),
      unit: 'm³/yr',
      detail: `WUE ${formatNumber(annual.wueLPerKwh, 2)} L/kWh`,
    },
    {
      id: 'compressor-free',
      label: 'Hours without compressors',
      value: formatNumber(annual.economizerHours),
      unit: 'h',
      detail: `${formatNumber(compressorFreePct, 1)}% of the year`,
    },
    {
      id: 'headroom',
      label: 'Power headroom',
      value: formatNumber(headroom.marginKw),
      unit: 'kW',
      detail:
        `${headroom.withinCap ? 'within' : 'over'} the ${formatNumber(headroom.capKw)} kW cap; ` +
        `room for ${formatNumber(headroom.maxRacks)} racks (${formatNumber(headroom.plannedRacks)} planned)`,
      tone: headroom.withinCap ? 'good' : 'bad',
    },
  ];

  const { latest, monthToDate } = model.live;
  if (latest) {
    const budgetPowerKw = model.live.budgetPowerKw ?? defaultBudgetPowerKw(model);
    const { period, name } = livePeriod(model);
    list.push(
      {
        id: 'live-pue',
        label: 'Live PUE',
        value: formatNumber(latest.pue, 3),
        detail: `budget ${formatNumber(period.pue, 3)} for ${name}`,
        // A little over the month's energy-weighted PUE is normal within a day; flag only a clear miss.
        tone: latest.pue <= period.pue * 1.02 ? 'good' : 'bad',
      },
      {
        id: 'live-power',
        label: 'Live facility power',
        value: formatNumber(latest.facilityPowerKw),
        unit: 'kW',
        detail: `IT ${formatNumber(latest.itPowerKw)} kW; budget ${formatNumber(budgetPowerKw)} kW`,
        tone: Number.isFinite(budgetPowerKw) && latest.facilityPowerKw > budgetPowerKw ? 'bad' : 'good',
      },
    );
  }
  if (monthToDate) {
    const share = monthToDate.budgetMwh > 0 ? monthToDate.energyMwh / monthToDate.budgetMwh : Number.NaN;
    const sharePct = Number.isFinite(share) ? `${formatNumber(share * 100, 1)}%` : '–';
    const coverage =
      monthToDate.coverageShare === undefined || monthToDate.coverageShare === null
        ? ''
        : `; data covers ${formatNumber(monthToDate.coverageShare * 100, 1)}% of the month so far`;
    list.push(
      {
        id: 'month-to-date',
        label: 'Month-to-date energy',
        value: formatNumber(monthToDate.energyMwh, 1),
        unit: 'MWh',
        detail: `${sharePct} of the ${formatNumber(monthToDate.budgetMwh, 1)} MWh month budget${coverage}`,
        ...(Number.isFinite(share) ? { progress: share } : {}),
        ...(share > 1 ? { tone: 'bad' as const } : {}),
      },
      {
        id: 'month-to-date-cost',
        label: 'Month-to-date cost',
        value: formatMoney(monthToDate.cost, currency, true),
        detail: formatMoney(monthToDate.cost, currency),
      },
    );
  }
  return list.map(tile).join('');
}

function rangeLinks(range: NonNullable<DashboardModel['live']['range']>): string {
  const links = range.options.map((option) =>
    option.id === range.id
      ? `<strong data-range="${escapeHtml(option.id)}" aria-current="true">${escapeHtml(option.label)}</strong>`
      : `<a data-range="${escapeHtml(option.id)}" href="?range=${encodeURIComponent(option.id)}">${escapeHtml(option.label)}</a>`,
  );
  return `<nav class="ranges" aria-label="Time range">${links.join(' ')}</nav>`;
}

function meterTable(meters: readonly DashboardMeter[]): string {
  if (meters.length === 0) return '<p class="none" data-meters="none">No meters yet.</p>';
  const kw = (value: number | undefined) => (value === undefined ? '–' : formatNumber(value, 1));
  const rows = meters.map(
    (meter) =>
      `<tr data-meter="${escapeHtml(meter.id)}" data-stale="${meter.stale}"${meter.stale ? ' class="stale"' : ''}>` +
      `<td>${escapeHtml(meter.id)}</td><td>${escapeHtml(meter.roles.join(', '))}</td>` +
      `<td>${meter.pueCategory === null ? '–' : escapeHtml(meter.pueCategory)}</td>` +
      `<td class="num">${kw(meter.liveFacilityPowerKw)}</td><td class="num">${kw(meter.liveItPowerKw)}</td>` +
      `<td class="num">${kw(meter.monthMeanFacilityPowerKw)}</td>` +
      `<td>${meter.lastReadingMs === null ? 'never' : escapeHtml(new Date(meter.lastReadingMs).toISOString().slice(0, 19).replace('T', ' '))}</td>` +
      `<td>${meter.stale ? '<span class="badge warning">stale</span>' : 'ok'}</td></tr>`,
  );
  return (
    '<table class="meters"><thead><tr><th>Meter</th><th>Roles</th><th>PUE cat.</th><th>Facility kW</th>' +
    '<th>IT kW</th><th>Month mean kW</th><th>Last reading (UTC)</th><th>State</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function alerts(list: readonly DashboardAlert[]): string {
  if (list.length === 0) return '<p class="none" data-alerts="none">No active alerts.</p>';
  const items = list.map(
    (alert) =>
      `<li data-alert="${escapeHtml(alert.id)}" class="alert ${escapeHtml(alert.severity)}">` +
      `<span class="badge">${escapeHtml(alert.severity)}</span>` +
      `<span class="message">${escapeHtml(alert.message)}</span>` +
      `<code>${escapeHtml(alert.id)}</code></li>`,
  );
  return `<ul class="alerts">${items.join('')}</ul>`;
}

interface Card {
  id: string;
  title: string;
  subtitle: string;
  body: string;
  wide?: boolean;
}

function card({ id, title, subtitle, body, wide = false }: Card): string {
  const safeId = escapeHtml(id);
  return (
    `<section class="card${wide ? ' wide' : ''}" id="${safeId}" aria-labelledby="${safeId}-title">` +
    `<h2 id="${safeId}-title">${escapeHtml(title)}</h2>` +
    `<p class="subtitle">${escapeHtml(subtitle)}</p>${body}</section>`
  );
}

const STYLE = `
:root {
  --ink:#1f2937;
  --muted:#6b7280;
  --line:#e5e7eb;
  --bg:#f3f5f8;
  --card:#fff;
  --accent:#2563eb;
  --good:#15803d;
  --bad:#dc4c3e;
  --warn:#b45309;
}
*{box-sizing:border-box}
body {
  margin:0;
  background:var(--bg);
  color:var(--ink);
  font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;
  -webkit-font-smoothing:antialiased;
}
header{background:#0f172a;color:#e2e8f0;padding:20px 32px}
header .brand {
  font-size:12px;
  letter-spacing:.12em;
  text-transform:uppercase;
  color:#94a3b8;
  margin:0 0 2px;
}
header h1{margin:0;font-size:26px;font-weight:650;color:#fff}
header .meta {
  display:flex;
  flex-wrap:wrap;
  gap:6px 20px;
  margin:10px 0 0;
  padding:0;
  list-style:none;
  font-size:13px;
  color:#cbd5e1;
}
header .meta .key{color:#94a3b8;font-weight:500;margin-right:6px}
main{max-width:1280px;margin:0 auto;padding:24px 32px 40px}
h2{font-size:16px;margin:0;font-weight:650}
.subtitle{margin:2px 0 14px;color:var(--muted);font-size:13px}
.card {
  background:var(--card);
  border:1px solid var(--line);
  border-radius:10px;
  padding:18px 20px;
  min-width:0;
}
.tiles {
  display:grid;
  grid-template-columns:repeat(auto-fill,minmax(260px,1fr));
  gap:12px;
  margin:16px 0 20px;
}
.tile {
  background:var(--card);
  border:1px solid var(--line);
  border-left:4px solid var(--accent);
  border-radius:8px;
  padding:12px 14px;
}
.tile.good{border-left-color:var(--good)}
.tile.bad{border-left-color:var(--bad)}
.tile .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.tile .value {
  white-space:nowrap;
  font-size:24px;
  font-weight:650;
  margin-top:2px;
  font-variant-numeric:tabular-nums;
}
.tile .unit{font-size:13px;font-weight:500;color:var(--muted)}
.tile .detail{font-size:12px;color:var(--muted);margin-top:4px}
.progress{height:6px;background:var(--line);border-radius:3px;margin-top:6px;overflow:hidden}
.progress span{display:block;height:100%;background:var(--accent)}
.progress.over span{background:var(--bad)}
.alerts{list-style:none;margin:0;padding:0}
.alert{display:flex;align-items:baseline;gap:10px;padding:8px 0;border-top:1px solid var(--line)}
.alert:first-child{border-top:0}
.alert .message{flex:1}
.alert code{font-size:12px;color:var(--muted)}
.badge {
  font-size:11px;
  font-weight:700;
  text-transform:uppercase;
  letter-spacing:.05em;
  padding:2px 8px;
  border-radius:999px;
  background:#e0e7ff;
  color:#3730a3;
}
.critical .badge{background:#fee2e2;color:#991b1b}
.warning .badge{background:#fef3c7;color:var(--warn)}
.none{margin:0;color:var(--good)}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px;margin-top:16px}
.charts .wide{grid-column:1/-1}
@media (max-width:960px){.charts{grid-template-columns:1fr}}
svg.chart{display:block;width:100%;height:auto}
footer{color:var(--muted);font-size:12px;margin-top:20px}
.ranges{margin:0 0 8px;font-size:13px}
.ranges a,.ranges strong{margin-right:10px}
table.meters{width:100%;border-collapse:collapse;font-size:13px}
table.meters th,table.meters td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line)}
table.meters td.num{text-align:right;font-variant-numeric:tabular-nums}
table.meters tr.stale td{color:var(--muted);font-style:italic}
`;

/**
 * The whole status page as one HTML5 document: inline CSS and inline SVG only, no script and no external
 * asset, so it renders the same behind an air gap. Every string from the model is escaped.
 */
export function renderDashboard(model: DashboardModel): string {
  const { site, deployment, budget, live } = model;
  const utcOffsetHours = site.timeZoneHours ?? 0;
  const budgetPowerKw = live.budgetPowerKw ?? defaultBudgetPowerKw(model);
  const meta = [
    ['Site', `${site.name} (${site.id})`],
    ['Region', site.region || '–'],
    ['Elevation', `${formatNumber(site.elevationM)} m`],
    ['Cooling', budget.coolingDesign],
    ['Deployment', deployment.region],
    ['Stack', deployment.stack],
    ['Version', deployment.version],
  ]
    .map(
      ([key, value]) =>
        `<li><span class="key">${escapeHtml(key ?? '')}</span>${escapeHtml(value ?? '')}</li>`,
    )
    .join('');
  const generated =
    model.generatedAtMs === undefined ? '' : ` Rendered ${new Date(model.generatedAtMs).toISOString()}.`;
  const weather =
    budget.site.weather === 'given-series'
      ? 'a given weather series'
      : 'a typical year synthesized from climate normals';

  const alertsCard = card({
    id: 'alerts',
    title: `Active alerts (${model.alerts.length})`,
    subtitle: 'From telemetry against the budget',
    body: alerts(model.alerts),
  });
  const charts = [
    card({
      id: 'live',
      title: 'Live facility power',
      subtitle: live.range
        ? `Site total (every meter summed) over ${live.range.label}, ${live.range.stepLabel} means, against the budgeted average power for the month; ${live.points.length} points`
        : `Telemetry against the budgeted average power for the month, ${live.points.length} samples`,
      body:
        (live.range ? rangeLinks(live.range) : '') +
        livePowerChart(live.points, budgetPowerKw, { utcOffsetHours }),
      wide: true,
    }),
    ...(live.meters === undefined
      ? []
      : [
          card({
            id: 'meters',
            title: `Meters (${live.meters.length}, ${live.meters.filter((meter) => meter.stale).length} stale)`,
            subtitle: 'Each meter now and this month; a stale meter no longer counts in the live figures',
            body: meterTable(live.meters),
            wide: true,
          }),
        ]),
    card({
      id: 'pue',
      title: 'PUE by month',
      subtitle: 'Energy-weighted monthly PUE; dashed line: annual',
      body: monthlyPueChart(budget.months, { annualPue: budget.annual.pue }),
    }),
    card({
      id: 'modes',
      title: 'Cooling mode hours',
      subtitle: 'Hours per month in each cooling mode',
      body: monthlyModeHoursChart(
        model.budget.months.map((month) => ({ month: month.month, hours: month.modeHours })),
      ),
    }),
    card({
      id: 'comparison',
      title: 'Site comparison',
      subtitle: 'Annual PUE of the same plan at each built-in site, best first',
      body: siteComparisonChart(model.comparison, { currentSiteId: site.id }),
      wide: true,
    }),
  ];
  const footer =
    `Budget from ${weather}; currency ${budget.site.currency}.${generated} ` +
    'This page refreshes every minute.';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>Karst status: ${escapeHtml(site.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header id="site">
<p class="brand">Karst status</p>
<h1>${escapeHtml(site.name)}</h1>
<ul class="meta">${meta}</ul>
</header>
<main>
${alertsCard}
<section class="tiles" id="summary" aria-label="Summary">${tiles(model)}</section>
<div class="charts">
${charts.join('\n')}
</div>
<footer>${escapeHtml(footer)}</footer>
</main>
</body>
</html>
`;
}
