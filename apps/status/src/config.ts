import { BUILT_IN_SITE_IDS, ValidationError } from '@karst/climate';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

/** The service's settings, from the environment (validated once at start). */
export const serviceConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8787),
  /** The deployment's site: a built-in site id. */
  KARST_SITE: z
    .string()
    .refine((id) => BUILT_IN_SITE_IDS.includes(id), {
      message: `must be one of ${BUILT_IN_SITE_IDS.join(', ')}`,
    })
    .default('guiyang'),
  /** The deployment's plan as JSON (fields of @karst/energy's plan); the site comes from KARST_SITE. */
  KARST_PLAN_JSON: z.string().optional(),
  /** Bearer token that writes (POST /v1/telemetry) need. */
  KARST_WRITE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Comma-separated origins allowed by CORS; CORS is off when unset. */
  KARST_CORS_ORIGINS: z.string().optional(),
  KARST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  /** Telemetry older than this raises the stale alert. */
  KARST_STALE_AFTER_S: z.coerce.number().int().min(10).default(900),
  /** Log CloudWatch Embedded Metric Format records after each write (set by infra on Lambda). */
  KARST_EMIT_EMF: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  AWS_REGION: z.string().default('local'),
  KARST_STACK: z.string().default('local'),
  KARST_VERSION: z.string().default('0.1.0'),
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

/** Reads the configuration, or throws a ValidationError naming each bad variable. */
export function serviceConfigFromEnv(env: Record<string, string | undefined>): ServiceConfig {
  const result = serviceConfigSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ValidationError(
    'environment',
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

export function corsOrigins(config: ServiceConfig): string[] {
  return (config.KARST_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
