import { describe, expect, it } from 'vitest';
import { siteProfileSchema } from '../profile-schema.js';
import { BUILT_IN_SITE_IDS, builtInSites, DEFAULT_SITE_ID, getBuiltInSite } from './index.js';

describe('built-in sites', () => {
  it('has Guiyang as the default and the comparison sites', () => {
    expect(DEFAULT_SITE_ID).toBe('guiyang');
    expect(BUILT_IN_SITE_IDS).toEqual([
      'guiyang',
      'beijing',
      'shanghai',
      'guangzhou',
      'singapore',
      'ashburn',
    ]);
  });

  it('holds Guiyang as the CSWD file describes it', () => {
    const guiyang = getBuiltInSite('guiyang');
    // CHN_Guizhou.Guiyang.578160_CSWD.epw LOCATION line: WMO 578160, 26.58 N, 106.73 E, UTC+8, 1223.8 m.
    expect(guiyang.location).toEqual({
      latitudeDeg: 26.58,
      longitudeDeg: 106.73,
      elevationM: 1223.8,
      timeZoneHours: 8,
      wmoId: '578160',
    });
    // ASHRAE 2009 design conditions in the file's header: 0.4% cooling 30.3 C DB / 21.3 C MCWB,
    // 0.4% evaporation 22.9 C WB / 27.7 C MCDB, heating 99.6% -2.3 C, mean extreme annual max 32.6 C.
    expect(guiyang.designConditions).toMatchObject({
      cooling04DryBulbC: 30.3,
      cooling04CoincidentWetBulbC: 21.3,
      evaporation04WetBulbC: 22.9,
      evaporation04CoincidentDryBulbC: 27.7,
      heating996DryBulbC: -2.3,
      extremeAnnualMaxDryBulbC: 32.6,
    });
    expect(guiyang.power.tariff).toMatchObject({ currency: 'CNY', energyPricePerKwh: 0.35 });
    expect(guiyang.power.gridCarbon.locationKgCo2ePerKwh).toBe(0.5);
  });

  it('gives Guiyang an annual mean near 15 C, as published for the city', () => {
    // Brief: "a mild climate (annual mean about 15 C, 1,224 m up)"; hour-weighted mean of monthly means.
    const months = getBuiltInSite('guiyang').climate.months;
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const meanC = months.reduce((sum, month, i) => sum + month.meanDryBulbC * days[i]!, 0) / 365;
    expect(meanC).toBeGreaterThan(14);
    expect(meanC).toBeLessThan(16);
  });

  it('names a source for every figure group of every site', () => {
    for (const site of builtInSites()) {
      expect(siteProfileSchema.parse(site)).toEqual(site);
      for (const source of [
        site.climate.source,
        site.designConditions.source,
        site.power.tariff.source,
        site.power.gridCarbon.source,
      ]) {
        expect(source.length, site.id).toBeGreaterThan(20);
      }
    }
  });

  it('rejects an unknown id with the list of known ones', () => {
    expect(() => getBuiltInSite('atlantis')).toThrow(
      'unknown site "atlantis": built-in sites are guiyang, beijing, shanghai, guangzhou, singapore, ashburn',
    );
    // Names every object has are not sites either (the facts are plain object literals).
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(() => getBuiltInSite(id), id).toThrow(`unknown site "${id}"`);
  });

  // getBuiltInSite does not parse the built-in facts (that cost every run ~10-15 ms): they are written as
  // the schema outputs them, and this is what holds them to it.
  it('holds every built-in profile to siteProfileSchema: it parses to itself, defaults and key order included', () => {
    for (const id of BUILT_IN_SITE_IDS) {
      const site = getBuiltInSite(id);
      const parsed = siteProfileSchema.safeParse(site);
      expect(parsed.error?.issues ?? [], id).toEqual([]);
      expect(JSON.stringify(parsed.data), id).toBe(JSON.stringify(site));
      expect(getBuiltInSite(id), id).toBe(site);
    }
  });

  it('names the path of a field that breaks the schema', () => {
    const site = structuredClone(getBuiltInSite('guiyang'));
    site.power.tariff.currency = 'yuan';
    const result = siteProfileSchema.safeParse(site);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['power', 'tariff', 'currency']);
  });
});
