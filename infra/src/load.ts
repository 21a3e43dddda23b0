// The program's edge: reading the stack's configuration and the files it names.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  getBuiltInSite,
  parseWith,
  ROOT_PATH,
  type SiteProfile,
  siteProfileSchema,
  ValidationError,
} from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import { type InfraConfig, InfraConfigError, parseInfraConfig } from './config.js';
import { planForPartition } from './partitions.js';
import type { RegionInputs } from './program.js';

export const NAMESPACE = 'karst';

/** The `karst:*` keys of a Pulumi config map (as the engine or a stack file holds them), without the namespace. */
export function karstKeys(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(all)
      .filter(([key]) => key.startsWith(`${NAMESPACE}:`))
      .map(([key, value]) => [key.slice(NAMESPACE.length + 1), value]),
  );
}

function readSiteFile(path: string): SiteProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InfraConfigError([
      {
        key: 'siteFile',
        message: `cannot read ${path}: ${(error as Error).message}`,
        fix: `pulumi config set karst:siteFile ./site.json`,
      },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`site profile ${path}`, [
      { path: ROOT_PATH, message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  return parseWith(siteProfileSchema, json, `site profile ${path}`);
}

/**
 * Everything the program needs from outside: validated config, the site (built-in or from a file), the
 * weather file when one is named, and where the status service's bundle is.
 */
export async function loadRegionInputs(options: {
  config: Record<string, string>;
  /** The stack's `aws:region`, which decides the partition and what it offers. */
  region: string | undefined;
  stack: string;
  projectDir: string;
  requireBundle?: boolean;
  /** Where the built Lambda folder is; default apps/status/dist/lambda beside infra/. */
  statusBundleDir?: string;
}): Promise<RegionInputs> {
  const config: InfraConfig = parseInfraConfig(options.config);
  const partition = planForPartition(config, options.region);
  const inProject = (path: string) => (isAbsolute(path) ? path : resolve(options.projectDir, path));
  const site = config.siteFile ? readSiteFile(inProject(config.siteFile)) : getBuiltInSite(config.site);
  const weatherPath = config.weatherFile ? inProject(config.weatherFile) : undefined;
  const epw = weatherPath ? await readEpw(weatherPath) : undefined;
  return {
    config,
    partition,
    site,
    ...(epw && weatherPath ? { weather: epw.hourly, weatherWarnings: epw.warnings, weatherPath } : {}),
    stack: options.stack,
    statusBundleDir:
      options.statusBundleDir ?? join(options.projectDir, '..', 'apps', 'status', 'dist', 'lambda'),
    requireBundle: options.requireBundle ?? true,
  };
}
