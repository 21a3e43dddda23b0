import { BUILT_IN_SITE_IDS, ROOT_PATH, tariffSchema, ValidationError } from '@karst/climate';
import { CLOUDWATCH_RETENTION_DAYS } from '@karst/contracts';
import { coolingDesignSchema } from '@karst/cooling';
import { carbonOptionsSchema, DEFAULT_PLAN, itPlanSchema } from '@karst/energy';
import { z } from 'zod';

const LOG_RETENTION_DAYS = CLOUDWATCH_RETENTION_DAYS;

const cidr = z
  .string()
  .regex(
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/,
    'must be an IPv4 CIDR such as 10.40.0.0/16',
  )
  .refine(
    (value) =>
      value
        .split(/[./]/)
        .slice(0, 4)
        .every((octet) => Number(octet) <= 255),
    'octets must be 0-255',
  )
  .refine((value) => {
    const prefix = Number(value.split('/')[1]);
    return prefix >= 16 && prefix <= 24;
  }, 'the prefix must be /16 to /24 (AWS allows /16-/28; subnets need room)');

export const awsLayoutSchema = z
  .object({
    vpcCidr: cidr.default('10.40.0.0/16'),
    availabilityZones: z.number().int().min(1).max(6).default(2),
    /** One NAT gateway per availability zone (resilient) or a single one (cheaper). */
    natGateways: z.enum(['per-az', 'single']).default('per-az'),
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as t4g.small')
      .default('t4g.small'),
    /**
     * IT power of the hall that one compute node stands for: the pool's maximum is the headroom's IT load
     * divided by this, its desired size the plan's average IT load divided by this.
     */
    nodeItKw: z.number().positive().max(100_000).default(100),
    /** Overrides the desired size the plan gives (still capped by the power headroom). */
    desiredNodes: z.number().int().min(0).optional(),
    rootVolumeGb: z.number().int().min(8).max(1024).default(20),
    statusMemoryMb: z.number().int().min(128).max(10_240).default(512),
    /**
     * How the status service is reached: a Lambda function URL, or an internal Application Load Balancer
     * in the VPC. Unset: a function URL where the region has them, else the internal ALB (src/partitions.ts).
     */
    statusEndpoint: z.enum(['function-url', 'internal-alb']).optional(),
    alertEmail: z.email().optional(),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    archiveTransitionDays: z.number().int().min(1).max(3650).default(30),
    /** Deletion protection on the telemetry table; turn off (and `pulumi up`) before `pulumi destroy`. */
    protectData: z.boolean().default(true),
  })
  .strict();

/** Every `karst:*` stack configuration key, validated at program start. */
export const infraConfigSchema = z
  .object({
    /** A built-in site id. */
    site: z
      .string()
      .refine((id) => BUILT_IN_SITE_IDS.includes(id), {
        message: `must be one of ${BUILT_IN_SITE_IDS.join(', ')}`,
      })
      .default('guiyang'),
    /** A site profile JSON file (from `karst weather import`), instead of a built-in site. */
    siteFile: z.string().min(1).optional(),
    /** An EPW weather file for the hourly model, instead of the site's synthesized typical year. */
    weatherFile: z.string().min(1).optional(),
    itPlan: itPlanSchema.prefault({ ...DEFAULT_PLAN.itPlan }),
    cooling: coolingDesignSchema.prefault({ ...DEFAULT_PLAN.cooling }),
    /** The grid connection cap at the facility meter. */
    powerCapKw: z.number().positive().max(10_000_000).default(DEFAULT_PLAN.gridConnection.capKw),
    tariff: tariffSchema.optional(),
    carbon: carbonOptionsSchema.prefault({}),
    aws: awsLayoutSchema.prefault({}),
    /** Bearer token the status service requires for writes (`pulumi config set --secret`). */
    statusWriteToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Tags on every resource, besides the site and budget tags the program adds. */
    tags: z.record(z.string().regex(/^[\w.:/=+@ -]{1,128}$/), z.string().max(256)).default({}),
  })
  .strict();

export type InfraConfig = z.infer<typeof infraConfigSchema>;

/** Example values for the fix line of each key, so an error says exactly what to run. */
const EXAMPLES: Record<string, string> = {
  site: 'guiyang',
  siteFile: './site.json',
  weatherFile: './weather.epw',
  'itPlan.racks': String(DEFAULT_PLAN.itPlan.racks),
  'itPlan.kwPerRack': '10',
  'itPlan.utilization': '0.6',
  'cooling.type': DEFAULT_PLAN.cooling.type,
  powerCapKw: String(DEFAULT_PLAN.gridConnection.capKw),
  'aws.vpcCidr': '10.40.0.0/16',
  'aws.availabilityZones': '2',
  'aws.natGateways': 'per-az',
  'aws.instanceType': 't4g.small',
  'aws.nodeItKw': '100',
  'aws.desiredNodes': '30',
  'aws.statusMemoryMb': '512',
  'aws.statusEndpoint': 'internal-alb',
  'aws.alertEmail': 'ops@example.com',
  'aws.logRetentionDays': '30',
  'aws.protectData': 'false',
  statusWriteToken: '--secret <a token of 16+ characters>',
};

/**
 * The invalid configuration, with every bad key and the `pulumi config set` line that fixes it: a
 * ValidationError (subject `stack configuration`, one issue per key), so every program maps it like any
 * other invalid input.
 */
export class InfraConfigError extends ValidationError {
  override readonly name = 'InfraConfigError';
  constructor(readonly problems: readonly { key: string; message: string; fix: string }[]) {
    super(
      'stack configuration',
      problems.map((problem) => ({ path: problem.key, message: problem.message, fix: problem.fix })),
    );
    this.message = [
      `invalid Karst stack configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
      ...problems.map(
        // Keys of other namespaces (aws:region) carry theirs; the program's own are karst:.
        (problem) =>
          `  ${problem.key.includes(':') ? '' : 'karst:'}${problem.key}: ${problem.message}\n    fix: ${problem.fix}`,
      ),
    ].join('\n');
  }
}

function fixLine(key: string, message: string): string {
  if (message.startsWith('unknown key')) return `pulumi config rm --path 'karst:${key}'`;
  const example = EXAMPLES[key] ?? '<value>';
  return `pulumi config set --path 'karst:${key}' ${example}`;
}

/**
 * Pulumi stores config values as strings (`pulumi config set karst:powerCapKw 6000` gives "6000"), so
 * numbers and booleans written that way are turned back into numbers and booleans before validation.
 */
export function coerceConfigScalars(value: unknown, depth = 0): unknown {
  // Stack config is a few levels deep; a deeper value is an error, not a reason to exhaust the stack.
  if (depth > MAX_CONFIG_DEPTH) throw new RangeError(`nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) return Number(value);
    if (value === 'true' || value === 'false') return value === 'true';
    return value;
  }
  if (Array.isArray(value)) return value.map((inner) => coerceConfigScalars(inner, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, coerceConfigScalars(inner, depth + 1)]),
    );
  }
  return value;
}

const MAX_CONFIG_DEPTH = 32;

// Keys whose values stay strings even when they look like numbers.
const STRING_KEYS = new Set(['siteFile', 'weatherFile', 'site', 'tags', 'statusWriteToken']);

/**
 * Validates the raw `karst:*` configuration (key without the namespace -> raw string value, as Pulumi
 * holds it; object values as JSON text), or throws an InfraConfigError listing every problem.
 */
export function parseInfraConfig(raw: Record<string, string>): InfraConfig {
  const problems: { key: string; message: string; fix: string }[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(raw)) {
    let value: unknown = text;
    if (/^\s*[[{]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        problems.push({ key, message: 'is not valid JSON', fix: fixLine(key, '') });
        continue;
      }
    }
    try {
      input[key] = STRING_KEYS.has(key) ? value : coerceConfigScalars(value);
    } catch (error) {
      problems.push({ key, message: (error as Error).message, fix: fixLine(key, '') });
    }
  }
  const result = infraConfigSchema.safeParse(input);
  if (result.success && problems.length === 0) return result.data;
  for (const issue of result.success ? [] : result.error.issues) {
    const keys =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((name) => [...issue.path, name].join('.'))
        : [issue.path.join('.')];
    for (const key of keys) {
      const message = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
      problems.push({ key: key || ROOT_PATH, message, fix: fixLine(key, message) });
    }
  }
  throw new InfraConfigError(problems);
}
