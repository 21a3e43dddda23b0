import { ValidationError } from '../../validation.js';
import type { SiteProfile } from '../profile-schema.js';
import { BUILT_IN_CLIMATE } from './climate-data.js';
import { BUILT_IN_POWER_FACTS } from './power-facts.js';

/** The site every plan uses unless it names another. */
export const DEFAULT_SITE_ID = 'guiyang';

/** Ids of the built-in sites, the default first. */
export const BUILT_IN_SITE_IDS: readonly string[] = Object.keys(BUILT_IN_POWER_FACTS);

const profiles = new Map<string, SiteProfile>();

/**
 * A built-in site profile by id (one object per id per process); an unknown id throws a ValidationError.
 *
 * The built-in facts are written as siteProfileSchema outputs them, every default filled in, and are not
 * parsed here: parsing them cost every process that names a site ~10-15 ms of CPU (zod compiling the
 * profile's checks), a third of a `karst budget` on Node 24. index.test.ts holds every built-in profile
 * to the schema: it must parse, and parse to itself.
 */
export function getBuiltInSite(id: string): SiteProfile {
  const known = profiles.get(id);
  if (known) return known;
  const climate = BUILT_IN_CLIMATE[id];
  const power = BUILT_IN_POWER_FACTS[id];
  // Not `climate && power` alone: the facts are object literals, which know `constructor` and `toString`.
  if (!BUILT_IN_SITE_IDS.includes(id) || !climate || !power) {
    throw new ValidationError('site', [
      { path: 'site', message: `unknown site "${id}": built-in sites are ${BUILT_IN_SITE_IDS.join(', ')}` },
    ]);
  }
  const profile: SiteProfile = { id, ...climate, ...power };
  profiles.set(id, profile);
  return profile;
}

export function builtInSites(): SiteProfile[] {
  return BUILT_IN_SITE_IDS.map(getBuiltInSite);
}
