// The deployment document infra/ ships beside the Lambda bundle (KARST_DEPLOYMENT_FILE): the plan the
// deployment's budget was computed from, with its resolved site, and the weather file when the stack names
// one. It is read once at start, so the service's budget is the one the alarms and tags were set from;
// it is a file because Lambda allows 4 KB of environment in all, and an hourly profile alone is ~46 KB.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type HourlyWeather, ValidationError } from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import type { PlanInput } from '@karst/energy';
import { z } from 'zod';

const deploymentSchema = z
  .object({
    stack: z.string().optional(),
    /** A plan for @karst/energy (its schema checks it); the site is a built-in id or a whole profile. */
    plan: z.record(z.string(), z.unknown()),
    /** The weather file's path, relative to the document. */
    weatherFile: z.string().min(1).optional(),
  })
  .strict();

/** The plan and, when the deployment has one, the weather behind its budget. */
export interface DeploymentInputs {
  plan: PlanInput;
  weather?: HourlyWeather;
}

/**
 * Reads the deployment document at `path` (relative to `baseDir`, the Lambda task root or the working
 * directory). Throws a ValidationError naming KARST_DEPLOYMENT_FILE and the bad field.
 */
export async function readDeploymentFile(path: string, baseDir: string): Promise<DeploymentInputs> {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new ValidationError('environment', [
      { path: 'KARST_DEPLOYMENT_FILE', message: `cannot read ${full}: ${(error as Error).message}` },
    ]);
  }
  const result = deploymentSchema.safeParse(document);
  if (!result.success) {
    throw new ValidationError(
      `deployment file ${full}`,
      result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  const { plan, weatherFile } = result.data;
  if (weatherFile === undefined) return { plan: plan as PlanInput };
  const weather = (await readEpw(join(dirname(full), weatherFile))).hourly;
  return { plan: plan as PlanInput, weather };
}
