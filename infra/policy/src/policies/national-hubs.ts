import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUDGET_TAGS } from '../tag-names.js';
import { poolTags, tagNumber } from './budget.js';
import { formatNumber } from './shared.js';

/** Where the hub limits come from. */
export const NATIONAL_HUB_SOURCE =
  'NDRC, CAC, MIIT and NEA approval letters for the national hub nodes of the national integrated ' +
  'computing network ("East Data, West Computing"), February 2022: data centers in the hub clusters ' +
  'reach a PUE below 1.25 in the eastern hubs and below 1.2 in the western hubs';

/** A national computing hub of China's "East Data, West Computing" program. */
export interface NationalHub {
  id: string;
  name: string;
  side: 'east' | 'west';
  /** The highest annual PUE a data center in the hub may plan for. */
  maxPue: number;
  /** Provincial-level regions of the hub, as site profiles name them (`region`). */
  regions: readonly string[];
}

/**
 * The 8 national hubs. A site counts as in a hub when its country is CHN and its region is one of the
 * hub's provinces; the clusters themselves are smaller (Gui'an in Guizhou, Zhangjiakou in Hebei, ...),
 * so this is the stricter reading for a site elsewhere in the province.
 */
export const NATIONAL_HUBS: readonly NationalHub[] = [
  { id: 'guizhou', name: 'Guizhou', side: 'west', maxPue: 1.2, regions: ['Guizhou'] },
  { id: 'inner-mongolia', name: 'Inner Mongolia', side: 'west', maxPue: 1.2, regions: ['Inner Mongolia'] },
  { id: 'gansu', name: 'Gansu', side: 'west', maxPue: 1.2, regions: ['Gansu'] },
  { id: 'ningxia', name: 'Ningxia', side: 'west', maxPue: 1.2, regions: ['Ningxia'] },
  {
    id: 'beijing-tianjin-hebei',
    name: 'Beijing-Tianjin-Hebei',
    side: 'east',
    maxPue: 1.25,
    regions: ['Beijing', 'Tianjin', 'Hebei'],
  },
  {
    id: 'yangtze-river-delta',
    name: 'Yangtze River Delta',
    side: 'east',
    maxPue: 1.25,
    regions: ['Shanghai', 'Jiangsu', 'Zhejiang', 'Anhui'],
  },
  {
    id: 'greater-bay-area',
    name: 'Guangdong-Hong Kong-Macao Greater Bay Area',
    side: 'east',
    maxPue: 1.25,
    regions: ['Guangdong'],
  },
  {
    id: 'chengdu-chongqing',
    name: 'Chengdu-Chongqing',
    side: 'east',
    maxPue: 1.25,
    regions: ['Sichuan', 'Chongqing'],
  },
];

/** The hub a site is in, from its country and region tags; undefined outside every hub. */
export function hubOf(country: string | undefined, region: string | undefined): NationalHub | undefined {
  if (country !== 'CHN' || region === undefined) return undefined;
  const wanted = region.trim().toLowerCase();
  return NATIONAL_HUBS.find((hub) => hub.regions.some((name) => name.toLowerCase() === wanted));
}

/**
 * A compute pool at a site in a national computing hub plans for an annual PUE within its hub's limit:
 * 1.2 in the western hubs, 1.25 in the eastern ones. Sites outside every hub pass.
 */
export const nationalHubPuePolicy: ResourceValidationPolicy = {
  name: 'karst-national-hub-pue',
  description:
    "A site in one of China's national computing hubs (East Data, West Computing) plans for an annual PUE " +
    'within its hub limit: 1.2 in the western hubs, 1.25 in the eastern ones.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    const tags = poolTags(args.type, args.props);
    if (tags === undefined) return;
    const hub = hubOf(tags[BUDGET_TAGS.siteCountry], tags[BUDGET_TAGS.siteRegion]);
    const pue = tagNumber(tags, BUDGET_TAGS.pue);
    // A missing or malformed PUE tag is karst-budget-tags' to report.
    if (hub === undefined || pue === undefined) return;
    if (pue.value > hub.maxPue) {
      reportViolation(
        `site ${tags[BUDGET_TAGS.site] ?? '(unnamed)'} is in the ${hub.name} national computing hub (${hub.side}), ` +
          `where data centers plan for a PUE of at most ${formatNumber(hub.maxPue)}; the budget's annual PUE ` +
          `is ${formatNumber(pue.value)}: choose a cooling design with more economizer hours ` +
          `(karst:cooling.type indirect-evaporative, a higher karst:cooling.supplyAirSetpointC) or a site ` +
          `outside the hub (source: ${NATIONAL_HUB_SOURCE})`,
      );
    }
  },
};
