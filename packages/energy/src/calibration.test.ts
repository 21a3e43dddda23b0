import { readEpw } from '@karst/climate/node';
import {
  realWeatherSuite,
  sharedWeatherAvailable,
  sharedWeatherFiles,
  sharedWeatherPath,
} from '@karst/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBudget } from './compute-budget.js';
import type { PlanPresetId } from './presets.js';
import type { Budget } from './result.js';

/**
 * The calibration table of docs/methodology.md §4.3: each published operating figure, the preset that
 * stands for that kind of hall, on the weather of the place. The presets' parameters are sourced
 * equipment and operating choices (presets.ts); nothing here scales a result.
 */
interface CalibrationRow {
  readonly name: string;
  readonly preset: PlanPresetId;
  readonly site: string;
  readonly publishedPue: number;
  /** Published WUE, L/kWh, where one exists. */
  readonly publishedWue?: number;
  /** The published PUE is a ceiling (a target), so the model must also not exceed it. */
  readonly pueIsCeiling?: boolean;
  readonly source: string;
}

const ROWS: readonly CalibrationRow[] = [
  {
    name: "Tencent Gui'an Seven Star (indirect evaporative)",
    preset: 'modern-indirect-evaporative',
    site: 'guiyang',
    publishedPue: 1.1,
    source: "Tencent, Gui'an Seven Star data center (2018): PUE around 1.1",
  },
  {
    name: 'Meta hyperscale campus, direct evaporative (Forest City / Henrico climate)',
    preset: 'hyperscale-direct-evaporative',
    site: 'ashburn',
    publishedPue: 1.09,
    publishedWue: 0.26,
    source:
      'Meta, Sustainability: data centers (2022): buildings completed in 2021 at PUE 1.09 and WUE 0.26 L/kWh; Forest City NC 1.07 (Facebook Engineering, 2012)',
  },
  {
    name: "Singapore's tropical target (IMDA), chilled water at full IT load",
    preset: 'tropical-chilled-water',
    site: 'singapore',
    publishedPue: 1.3,
    publishedWue: 2.0,
    pueIsCeiling: true,
    source:
      'IMDA, Green Data Centre Roadmap (2024): PUE <= 1.3 at 100 % IT load; BCA-IMDA Green Mark for Data Centres (2024): WUE <= 2.0 L/kWh',
  },
  {
    name: 'Uptime Institute 2024 average, legacy enterprise hall (temperate)',
    preset: 'legacy-enterprise',
    site: 'ashburn',
    publishedPue: 1.56,
    publishedWue: 1.8,
    source:
      'Uptime Institute, Global Data Center Survey 2024: average PUE 1.56; Shehabi et al., LBNL-1005775 (2016): US on-site water ~1.8 L/kWh',
  },
];

/** The issue's tolerances: ±0.03 on PUE, ±25 % on WUE. */
const PUE_TOLERANCE = 0.03;
const WUE_TOLERANCE = 0.25;

describe.skipIf(!sharedWeatherAvailable)(realWeatherSuite('calibration against published figures'), () => {
  const budgets = new Map<string, Budget>();

  beforeAll(async () => {
    for (const row of ROWS) {
      const file = sharedWeatherFiles.find((f) => f.siteId === row.site)!;
      const epw = await readEpw(sharedWeatherPath(file.fileName));
      budgets.set(row.name, computeBudget({ preset: row.preset, site: row.site }, { weather: epw.hourly }));
    }
    console.table(
      ROWS.map((row) => ({
        row: row.name,
        preset: row.preset,
        'PUE model': budgets.get(row.name)!.annual.pue.toFixed(3),
        'PUE published': row.publishedPue,
        'WUE model': budgets.get(row.name)!.annual.wueLPerKwh.toFixed(2),
        'WUE published': row.publishedWue ?? '-',
      })),
    );
    // Reading four EPW files and four full-year budgets: seconds on a busy 2-core machine.
  }, 120_000);

  for (const row of ROWS) {
    it(`${row.name}: ${row.preset} on ${row.site} weather reproduces PUE ${row.publishedPue}${row.publishedWue ? ` and WUE ${row.publishedWue}` : ''}`, () => {
      // Source: see row.source.
      const annual = budgets.get(row.name)!.annual;
      expect(Math.abs(annual.pue - row.publishedPue), row.source).toBeLessThanOrEqual(PUE_TOLERANCE);
      if (row.pueIsCeiling) expect(annual.pue).toBeLessThanOrEqual(row.publishedPue);
      if (row.publishedWue !== undefined) {
        expect(Math.abs(annual.wueLPerKwh / row.publishedWue - 1), row.source).toBeLessThanOrEqual(
          WUE_TOLERANCE,
        );
      }
    });
  }

  it('the warm-water liquid preset meets the Singapore target at full IT load, far under it', () => {
    // No published operating figure for a warm-water AI hall in Singapore; IMDA's PUE <= 1.3 at full load
    // is the bound it must meet, and with most heat leaving by warm water it runs well under it.
    const file = sharedWeatherFiles.find((f) => f.siteId === 'singapore')!;
    return readEpw(sharedWeatherPath(file.fileName)).then((epw) => {
      const budget = computeBudget(
        { preset: 'warm-water-liquid', site: 'singapore', itPlan: { utilization: 1 } },
        { weather: epw.hourly },
      );
      expect(budget.annual.pue).toBeLessThan(1.3);
      expect(budget.annual.pue).toBeLessThan(budgets.get(ROWS[2]!.name)!.annual.pue);
    });
  });
});
