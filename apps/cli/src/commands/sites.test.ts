import { BUILT_IN_SITE_IDS, getBuiltInSite } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { karst, karstJson } from '../test-util.js';
import type { SiteListEntry } from './sites.js';

describe('karst sites', () => {
  it('lists every built-in site with key facts and sources', async () => {
    const json = await karstJson<{ defaultSite: string; sites: SiteListEntry[] }>(['sites']);
    expect(json.defaultSite).toBe('guiyang');
    expect(json.sites.map((site) => site.id)).toEqual([...BUILT_IN_SITE_IDS]);
    for (const site of json.sites) {
      const profile = getBuiltInSite(site.id);
      expect(site.elevationM).toBe(profile.location.elevationM);
      expect(site.tariff.energyPricePerKwh).toBe(profile.power.tariff.energyPricePerKwh);
      expect(site.gridCarbon.locationKgCo2ePerKwh).toBe(profile.power.gridCarbon.locationKgCo2ePerKwh);
      expect(site.sources.tariff).toBe(profile.power.tariff.source);
      expect(site.sources.climate.length).toBeGreaterThan(10);
    }
    expect(json.sites.find((site) => site.id === 'guangzhou')?.tariff.timeOfUseBands).toBeGreaterThan(0);
  });

  it('prints a table and the sources', async () => {
    const { code, stdout } = await karst(['sites']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/guiyang \* +Guiyang, CHN +1,224/);
    expect(stdout).toContain('Elev. (m)');
    expect(stdout).toContain('Sources:');
    expect(stdout).toContain('0.5 CNY + TOU');
  });
});
