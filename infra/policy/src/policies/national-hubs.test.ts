import { describe, expect, it } from 'vitest';
import { computePool, guiyangBudgetTags, karstTags, messagesOf } from '../testing/builders.js';
import { hubOf, NATIONAL_HUB_SOURCE, NATIONAL_HUBS, nationalHubPuePolicy } from './national-hubs.js';

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

describe('the hub of every province of the 2022 approval letters', () => {
  // NDRC, CAC, MIIT and NEA approval letters (February 2022): 8 hub nodes over 15 provincial-level regions;
  // the 4 western hubs hold PUE below 1.2, the 4 eastern ones below 1.25.
  const provinces: [string, string, string, 'east' | 'west', number][] = [
    ['Guizhou', 'guizhou', 'Guizhou', 'west', 1.2],
    ['Inner Mongolia', 'inner-mongolia', 'Inner Mongolia', 'west', 1.2],
    ['Gansu', 'gansu', 'Gansu', 'west', 1.2],
    ['Ningxia', 'ningxia', 'Ningxia', 'west', 1.2],
    ['Beijing', 'beijing-tianjin-hebei', 'Beijing-Tianjin-Hebei', 'east', 1.25],
    ['Tianjin', 'beijing-tianjin-hebei', 'Beijing-Tianjin-Hebei', 'east', 1.25],
    ['Hebei', 'beijing-tianjin-hebei', 'Beijing-Tianjin-Hebei', 'east', 1.25],
    ['Shanghai', 'yangtze-river-delta', 'Yangtze River Delta', 'east', 1.25],
    ['Jiangsu', 'yangtze-river-delta', 'Yangtze River Delta', 'east', 1.25],
    ['Zhejiang', 'yangtze-river-delta', 'Yangtze River Delta', 'east', 1.25],
    ['Anhui', 'yangtze-river-delta', 'Yangtze River Delta', 'east', 1.25],
    ['Guangdong', 'greater-bay-area', 'Guangdong-Hong Kong-Macao Greater Bay Area', 'east', 1.25],
    ['Sichuan', 'chengdu-chongqing', 'Chengdu-Chongqing', 'east', 1.25],
    ['Chongqing', 'chengdu-chongqing', 'Chengdu-Chongqing', 'east', 1.25],
  ];

  it.each(provinces)('%s is in the %s hub', (province, id, name, side, maxPue) => {
    const hub = hubOf('CHN', province);
    expect({ id: hub?.id, name: hub?.name, side: hub?.side, maxPue: hub?.maxPue }).toEqual({
      id,
      name,
      side,
      maxPue,
    });
  });

  it('reads the region trimmed and in any case; a province elsewhere or no region is in no hub', () => {
    expect(hubOf('CHN', ' guizhou ')?.id).toBe('guizhou');
    expect(hubOf('CHN', undefined)).toBeUndefined();
    expect(hubOf('CHN', 'Yunnan')).toBeUndefined();
    // The country comes first: a region name alone does not put a site abroad in a hub.
    expect(hubOf('MNG', 'Inner Mongolia')).toBeUndefined();
    expect(hubOf(undefined, 'Guizhou')).toBeUndefined();
  });

  it('refuses a pool over its hub limit in a message naming the hub, the site (or its absence) and the source', () => {
    const { 'karst:site': _unnamed, ...tags } = {
      ...karstTags(),
      ...guiyangBudgetTags({ 'karst:site-region': 'Guangdong', 'karst:budget-pue': '1.300' }),
    };
    const [message] = messagesOf(nationalHubPuePolicy, [computePool({ tags })]);
    expect(message).toMatch(
      /^site \(unnamed\) is in the Guangdong-Hong Kong-Macao Greater Bay Area national computing hub \(east\)/,
    );
    expect(message).toContain("a PUE of at most 1.25; the budget's annual PUE is 1.3");
    expect(message).toMatch(/\(source: NDRC, CAC, MIIT and NEA approval letters .*February 2022.*\)$/);
    expect(message?.endsWith(`(source: ${NATIONAL_HUB_SOURCE})`)).toBe(true);
  });

  it('leaves a hub site without a readable PUE tag to karst-budget-tags', () => {
    expect(messagesOf(nationalHubPuePolicy, [poolAt('guiyang', 'CHN', 'Guizhou', 'n/a')])).toEqual([]);
  });
});
