import { BUILT_IN_SITE_IDS, parseWith, ValidationError } from '@karst/climate';
import { z } from 'zod';
import { awsRegionEnv, checkStoreEnv, storeConfigOf, storeEnvShape } from './store/open-store.js';
import { metersFromJson } from './telemetry/meters.js';

const port = z.coerce.number().int().min(0).max(65_535);

/**
 * The service's whole environment, validated once at start (runtimeFromEnv): its own settings, the
 * store's variables (store/open-store.ts) and the server's shutdown drain. The output carries the store
 * it names as `store`.
 */
export const serviceConfigSchema = z
  .object({
    HOST: z.string().min(1).max(255).default('127.0.0.1'),
    PORT: port.default(8787),
    /** The deployment's site: a built-in site id. */
    KARST_SITE: z
      .string()
      .max(64)
      .refine((id) => BUILT_IN_SITE_IDS.includes(id), {
        message: `must be one of ${BUILT_IN_SITE_IDS.join(', ')}`,
      })
      .default('guiyang'),
    /** The deployment's plan as JSON (fields of @karst/energy's plan); the site comes from KARST_SITE. */
    KARST_PLAN_JSON: z.string().max(2_000_000).optional(),
    /**
     * The deployment document infra/ ships in the Lambda bundle (plan, resolved site, weather file); when
     * set it wins over KARST_SITE and KARST_PLAN_JSON. Relative to LAMBDA_TASK_ROOT, else the working folder.
     */
    KARST_DEPLOYMENT_FILE: z.string().min(1).max(1024).optional(),
    /**
     * Bearer token that writes (POST /v1/telemetry) need. Trimmed, as clients' tokens are; then at least 16
     * characters, no whitespace, and at least 8 distinct characters (refuses `aaaa…` and `12341234…`).
     */
    KARST_WRITE_TOKEN: z
      .string()
      .trim()
      .min(16, 'must be at least 16 characters (after trimming spaces)')
      .max(4096, 'must be at most 4096 characters')
      .regex(/^\S+$/, 'must not contain whitespace')
      .refine((token) => new Set(token).size >= 8, {
        message: 'is too weak: use at least 8 distinct characters (e.g. openssl rand -base64 24)',
      })
      .optional(),
    /** Comma-separated origins allowed by CORS; CORS is off when unset. */
    KARST_CORS_ORIGINS: z.string().max(8192).optional(),
    KARST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
    /** Telemetry older than this raises the stale alert. */
    KARST_STALE_AFTER_S: z.coerce.number().int().min(10).default(900),
    /** The meter registry as JSON: an array of meters (see `meterSchema`); meters put through the API overlay it. */
    KARST_METERS_JSON: z.string().max(2_000_000).optional(),
    /** Readings stamped more than this ahead of the server clock are refused. */
    KARST_MAX_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(3600).default(60),
    /** What-if budgets (POST /v1/budget) one client may ask for per minute; 0 turns the limit off. */
    KARST_BUDGET_RATE_PER_MIN: z.coerce.number().int().min(0).max(100_000).default(30),
    /**
     * New what-if plans computed at once (admitted, waiting for the event loop or running); past it a new
     * plan gets 503 with retry-after. See the README's "Server limits" for the default.
     */
    KARST_BUDGET_MAX_COMPUTES: z.coerce.number().int().min(1).max(1000).default(4),
    /** Bytes the what-if cache may hold (plan keys plus serialized budgets). */
    KARST_BUDGET_CACHE_BYTES: z.coerce.number().int().min(1_000_000).max(4_000_000_000).default(64_000_000),
    /** Node server limits (see the README for the reasoning behind each default). */
    KARST_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    KARST_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    KARST_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    KARST_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(512),
    /** Log CloudWatch Embedded Metric Format records after each write (set by infra on Lambda). */
    KARST_EMIT_EMF: z
      .enum(['0', '1', 'true', 'false'])
      .default('0')
      .transform((value) => value === '1' || value === 'true'),
    /** The region (shown on the dashboard, given to the DynamoDB client when set). */
    AWS_REGION: awsRegionEnv,
    KARST_STACK: z.string().max(128).default('local'),
    KARST_VERSION: z.string().max(64).default('0.1.0'),
    /** How long the Node server keeps answering after SIGTERM before it closes, in ms. */
    KARST_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    ...storeEnvShape,
  })
  .check(checkStoreEnv)
  .refine((config) => config.KARST_HEADERS_TIMEOUT_MS <= config.KARST_REQUEST_TIMEOUT_MS, {
    message: 'must not exceed KARST_REQUEST_TIMEOUT_MS',
    path: ['KARST_HEADERS_TIMEOUT_MS'],
  })
  .transform((env) => ({ ...env, AWS_REGION: env.AWS_REGION ?? 'local', store: storeConfigOf(env) }));

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

/** Reads the configuration, or throws a ValidationError naming each bad variable. */
export function serviceConfigFromEnv(env: Record<string, string | undefined>): ServiceConfig {
  const config = parseWith(serviceConfigSchema, env, 'environment');
  try {
    metersFromJson(config.KARST_METERS_JSON);
  } catch (error) {
    throw new ValidationError('environment', [
      { path: 'KARST_METERS_JSON', message: (error as Error).message },
    ]);
  }
  return config;
}

export function corsOrigins(config: ServiceConfig): string[] {
  return (config.KARST_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
