import { describe, expect, it } from 'vitest';
import { computePool, guiyangBudgetTags, karstTags, messagesOf } from '../testing/builders.js';
import { hubOf, NATIONAL_HUBS, nationalHubPuePolicy } from './national-hubs.js';

/** The pool at a site with this location and budget PUE. */
function poolAt(site: string, country: string, region: string | undefined, pue: string) {
  const tags = {
    ...karstTags({ 'karst:site': site }),
    ...guiyangBudgetTags({
      'karst:site': site,
      'karst:site-country': country,
      'karst:site-region': region,
      'karst:budget-pue': pue,
    }),
  };
  return computePool({ tags });
}

describe('the national hubs of "East Data, West Computing"', () => {
  it('holds the 8 hubs: 1.2 in the 4 western ones, 1.25 in the 4 eastern ones (2022 approval letters)', () => {
    expect(NATIONAL_HUBS).toHaveLength(8);
    const west = NATIONAL_HUBS.filter((hub) => hub.side === 'west');
    expect(west.map((hub) => hub.name).sort()).toEqual(['Gansu', 'Guizhou', 'Inner Mongolia', 'Ningxia']);
    expect(new Set(west.map((hub) => hub.maxPue))).toEqual(new Set([1.2]));
    expect(new Set(NATIONAL_HUBS.filter((hub) => hub.side === 'east').map((hub) => hub.maxPue))).toEqual(
      new Set([1.25]),
    );
  });

  it('finds a site by country and province; sites abroad are in no hub', () => {
    expect(hubOf('CHN', 'Guizhou')?.id).toBe('guizhou');
    expect(hubOf('CHN', 'Beijing')?.id).toBe('beijing-tianjin-hebei');
    expect(hubOf('CHN', 'Yunnan')).toBeUndefined();
    expect(hubOf('USA', 'Virginia')).toBeUndefined();
  });
});

describe('karst-national-hub-pue', () => {
  it('passes Guiyang at its budget PUE of 1.190, under the western limit of 1.2', () => {
    expect(messagesOf(nationalHubPuePolicy, [poolAt('guiyang', 'CHN', 'Guizhou', '1.190')])).toEqual([]);
    expect(messagesOf(nationalHubPuePolicy, [poolAt('guiyang', 'CHN', 'Guizhou', '1.200')])).toEqual([]);
  });

  it('refuses a western-hub site over 1.2, naming the hub, the limit, the PUE and the fix', () => {
    const [message] = messagesOf(nationalHubPuePolicy, [poolAt('guiyang', 'CHN', 'Guizhou', '1.201')]);
    expect(message).toMatch(/^site guiyang is in the Guizhou national computing hub \(west\)/);
    expect(message).toContain("a PUE of at most 1.2; the budget's annual PUE is 1.201");
    expect(message).toContain('karst:cooling.type indirect-evaporative');
  });

  it('holds an eastern-hub site to 1.25', () => {
    expect(messagesOf(nationalHubPuePolicy, [poolAt('beijing', 'CHN', 'Beijing', '1.240')])).toEqual([]);
    expect(messagesOf(nationalHubPuePolicy, [poolAt('beijing', 'CHN', 'Beijing', '1.260')])).toHaveLength(1);
  });

  it('passes sites outside every hub, whatever their PUE', () => {
    expect(messagesOf(nationalHubPuePolicy, [poolAt('singapore', 'SGP', undefined, '1.600')])).toEqual([]);
    expect(messagesOf(nationalHubPuePolicy, [poolAt('ashburn', 'USA', 'Virginia', '1.500')])).toEqual([]);
  });
});
