// Issue 16: a budget carries its weather's warnings through the API as well: a what-if plan at a site
// imported from a weather file answers with that file's warnings.
import { profileFromEpw } from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import { fieldCaseSuite, weatherFieldCasePath, weatherFieldCasesAvailable } from '@karst/test-support';
import { describe, expect, it } from 'vitest';
import { json, testApp } from './test-app.test-util.js';

describe('budget weatherWarnings in the API', () => {
  it('GET /v1/budget of a built-in site has none', async () => {
    const { app } = await testApp();
    expect((await json(await app.request('/v1/budget'))).budget.weatherWarnings).toEqual([]);
  });

  describe.runIf(weatherFieldCasesAvailable)(fieldCaseSuite('a site imported from field case 14b'), () => {
    it('POST /v1/budget answers with the weather file warnings of the site', async () => {
      const epw = await readEpw(weatherFieldCasePath('seaLevelPressure'));
      const site = profileFromEpw(epw, {
        id: 'guiyang-sea-level',
        power: {
          tariff: { currency: 'CNY', energyPricePerKwh: 0.35, source: 'test tariff' },
          gridCarbon: { locationKgCo2ePerKwh: 0.5, year: 2022, source: 'test factor' },
        },
      });
      const { app } = await testApp();
      const response = await app.request('/v1/budget', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ site }),
      });
      expect(response.status).toBe(200);
      const { budget } = await json(response);
      expect(budget.weatherWarnings).toEqual(epw.warnings);
      expect(budget.weatherWarnings.map((w: { kind: string }) => w.kind)).toContain(
        'station-pressure-suspect',
      );
    });
  });
});
