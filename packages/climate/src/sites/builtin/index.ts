import { ValidationError } from '../../validation.js';
import { type SiteProfile, siteProfileSchema } from '../profile-schema.js';
import { BUILT_IN_CLIMATE } from './climate-data.js';
import { BUILT_IN_POWER_FACTS } from './power-facts.js';

/** The site every plan uses unless it names another. */
export const DEFAULT_SITE_ID = 'guiyang';

/** Ids of the built-in sites, the default first. */
export const BUILT_IN_SITE_IDS: readonly string[] = Object.keys(BUILT_IN_POWER_FACTS);

const parsed = new Map<string, SiteProfile>();

/** A built-in site profile by id (validated once, then cached); an unknown id throws a ValidationError. */
export function getBuiltInSite(id: string): SiteProfile {
  const cached = parsed.get(id);
  if (cached) return cached;
  const climate = BUILT_IN_CLIMATE[id];
  const power = BUILT_IN_POWER_FACTS[id];
  if (!climate || !power) {
    throw new ValidationError('site', [
      { path: 'site', message: `unknown site "${id}": built-in sites are ${BUILT_IN_SITE_IDS.join(', ')}` },
    ]);
  }
  const profile = siteProfileSchema.parse({ id, ...climate, ...power });
  parsed.set(id, profile);
  return profile;
}

export function builtInSites(): SiteProfile[] {
  return BUILT_IN_SITE_IDS.map(getBuiltInSite);
}
