import { describe, expect, it } from 'vitest';
import { sampleDashboardModel } from './dashboard-fixture.js';
import { renderDashboard } from './render-dashboard.js';

describe('renderDashboard', () => {
  const model = sampleDashboardModel();
  const html = renderDashboard(model);

  it('is a complete HTML5 page titled with the site', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Karst status: Guiyang</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows the header, alerts, summary tiles and the four charts', () => {
    for (const id of ['site', 'alerts', 'summary', 'live', 'pue', 'modes', 'comparison']) {
      expect(html).toContain(`id="${id}"`);
    }
    for (const chart of ['live-power', 'monthly-pue', 'mode-hours', 'site-comparison']) {
      expect(html.match(new RegExp(`data-chart="${chart}"`, 'g'))).toHaveLength(1);
    }
    for (const text of [
      'Guizhou',
      model.deployment.region,
      model.deployment.stack,
      model.deployment.version,
    ]) {
      expect(html).toContain(`${text}</li>`);
    }
  });

  it('has a tile for every budget figure and for the live figures when telemetry is present', () => {
    const tiles = [...html.matchAll(/data-tile="([^"]+)"/g)].map((m) => m[1]);
    expect(tiles).toEqual([
      'annual-pue',
      'energy',
      'cost',
      'carbon-location',
      'carbon-market',
      'water',
      'compressor-free',
      'headroom',
      'live-pue',
      'live-power',
      'month-to-date',
      'month-to-date-cost',
    ]);
    const { annual, headroom } = model.budget;
    expect(html).toContain(`>${annual.pue.toFixed(3)}<`);
    expect(html).toContain(
      `>${Math.round(annual.facilityEnergyMwh).toLocaleString('en-US')} <span class="unit">MWh/yr`,
    );
    // The default plan's annual cost, 10,491,529 CNY (part-load fans, PUE 1.141), in compact currency form.
    expect(html).toContain('CN¥10.5M');
    expect(html).toContain(
      `>${Math.round(annual.economizerHours).toLocaleString('en-US')} <span class="unit">h`,
    );
    expect(html).toContain(`>${Math.round(headroom.marginKw).toLocaleString('en-US')} <span class="unit">kW`);
    expect(html).toContain('month budget');
    expect(html).toMatch(
      /<div class="progress" aria-hidden="true"><span style="width:4\d\.\d%"><\/span><\/div>/,
    );
  });

  it('lists active alerts with their severity', () => {
    expect(html.match(/data-alert="/g)).toHaveLength(model.alerts.length);
    expect(html).toContain('class="alert warning"');
    expect(html).toContain('Active alerts (2)');
  });

  it('loads nothing from elsewhere and runs no script', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i);
    // The only absolute URL is the SVG namespace, which browsers never fetch.
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('without telemetry: no live tiles, an empty live chart and no alerts', () => {
    const quiet = renderDashboard(sampleDashboardModel({ telemetry: false }));
    expect(quiet).not.toContain('data-tile="live-pue"');
    expect(quiet).not.toContain('data-tile="month-to-date"');
    expect(quiet).toContain('No telemetry received yet');
    expect(quiet).toContain('No active alerts.');
    expect(quiet).toContain('Active alerts (0)');
  });

  it('escapes every string from the model', () => {
    const hostile = sampleDashboardModel({ siteName: '<script>alert("pwned")</script>' });
    hostile.deployment.stack = '"><img src=x onerror=alert(1)>';
    hostile.alerts = [{ id: '<b>id</b>', severity: 'critical', message: 'rack <A&B> over "cap"' }];
    hostile.comparison.push({ id: 'evil', name: '</svg><script>x</script>', pue: 1.3, facilityEnergyMwh: 1 });
    const page = renderDashboard(hostile);
    expect(page).not.toMatch(/<script|<img|<b>/i);
    expect(page).toContain(
      '<title>Karst status: &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</title>',
    );
    expect(page).toContain('<h1>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</h1>');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('rack &lt;A&amp;B&gt; over &quot;cap&quot;');
    expect(page).toContain('&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  it('survives an unknown currency code', () => {
    const odd = sampleDashboardModel();
    odd.budget.site.currency = 'XXXX';
    expect(renderDashboard(odd)).toContain('XXXX');
  });
});
