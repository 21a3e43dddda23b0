import type { EpwWarning, HourlyWeather, SiteProfile } from '@karst/climate';
import { type Budget, computeBudget } from '@karst/energy';
import { BUDGET_TAGS } from '@karst/policy/tag-names';
import * as pulumi from '@pulumi/pulumi';
import { ComputePool } from './components/compute-pool.js';
import { Network } from './components/network.js';
import { Observability } from './components/observability.js';
import { StatusService } from './components/status-service.js';
import { TelemetryStore } from './components/telemetry-store.js';
import type { InfraConfig } from './config.js';
import type { PartitionPlan } from './partitions.js';
import { budgetTags, type PoolSizing, poolSizing } from './sizing.js';

export interface RegionInputs {
  config: InfraConfig;
  /** The region, its partition and the status endpoint chosen for it (src/partitions.ts). */
  partition: PartitionPlan;
  /** The resolved site: a built-in profile or one read from `karst:siteFile`. */
  site: SiteProfile;
  /** Hourly weather read from `karst:weatherFile`, when given. */
  weather?: HourlyWeather;
  /** That file's repairs and doubts, carried into the budget and the stack outputs. */
  weatherWarnings?: readonly EpwWarning[];
  /** The weather file itself, shipped to the status service beside its bundle. */
  weatherPath?: string;
  stack: string;
  /** Folder holding the status service's Lambda bundle (index.mjs). */
  statusBundleDir: string;
  /** False only under test mocks, where no bundle needs to exist. */
  requireBundle?: boolean;
}

export interface Region {
  budget: Budget;
  sizing: PoolSizing;
  network: Network;
  pool: ComputePool;
  store: TelemetryStore;
  service: StatusService;
  observability: Observability;
}

/**
 * The whole region: the budget is computed once, here, by @karst/energy (the program has no formula of
 * its own), and every component is sized or tagged from it.
 */
export function buildRegion(inputs: RegionInputs): Region {
  const { config, site, stack } = inputs;
  const budget = computeBudget(
    {
      site,
      itPlan: config.itPlan,
      cooling: config.cooling,
      ...(config.tariff ? { tariff: config.tariff } : {}),
      carbon: config.carbon,
      gridConnection: { capKw: config.powerCapKw },
    },
    inputs.weather
      ? {
          weather: inputs.weather,
          ...(inputs.weatherWarnings ? { weatherWarnings: inputs.weatherWarnings } : {}),
        }
      : {},
  );
  const sizing = poolSizing(budget, config.aws);
  if (sizing.capped) {
    pulumi.log.warn(
      `the IT plan needs more nodes than the power headroom allows: the compute pool is capped at ${sizing.maxSize} nodes ` +
        `(${budget.headroom.maxRacks} racks fit under ${config.powerCapKw} kW; the plan has ${config.itPlan.racks})`,
    );
  }
  const tags = {
    project: 'karst',
    stack,
    [BUDGET_TAGS.site]: site.id,
    'karst:managed-by': 'pulumi',
    ...config.tags,
  };
  const name = `karst-${stack}`;

  const network = new Network(`${name}-network`, {
    cidrBlock: config.aws.vpcCidr,
    availabilityZoneCount: config.aws.availabilityZones,
    natGateways: config.aws.natGateways,
    flowLogRetentionDays: config.aws.logRetentionDays,
    tags,
  });
  const pool = new ComputePool(`${name}-pool`, {
    vpcId: network.vpcId,
    vpcCidrBlock: network.vpcCidrBlock,
    subnetIds: network.privateSubnetIds,
    instanceType: config.aws.instanceType,
    minSize: Math.min(1, sizing.desiredSize),
    desiredSize: sizing.desiredSize,
    maxSize: sizing.maxSize,
    rootVolumeGb: config.aws.rootVolumeGb,
    tags,
    budgetTags: budgetTags(budget, sizing, { country: site.country, region: site.region }),
  });
  const store = new TelemetryStore(`${name}-telemetry`, {
    archiveTransitionDays: config.aws.archiveTransitionDays,
    protectData: config.aws.protectData,
    tags,
  });
  // What the service needs to compute the very budget the alarms and tags come from: the resolved site
  // (built-in or from karst:siteFile), the plan (an 8,760-value profile is ~46 KB) and the weather file.
  // It travels in the bundle, not in the 4 KB environment; the service reads it once at cold start.
  const deployment = deploymentDocument(inputs);
  const service = new StatusService(`${name}-status`, {
    bundleDir: inputs.statusBundleDir,
    requireBundle: inputs.requireBundle ?? true,
    tableName: store.tableName,
    tableArn: store.tableArn,
    memoryMb: config.aws.statusMemoryMb,
    logRetentionDays: config.aws.logRetentionDays,
    endpoint:
      inputs.partition.statusEndpoint === 'function-url'
        ? { kind: 'function-url' }
        : {
            kind: 'internal-alb',
            vpcId: network.vpcId,
            vpcCidrBlock: network.vpcCidrBlock,
            subnetIds: network.privateSubnetIds,
            elbPrincipal: inputs.partition.partition.servicePrincipals.value.elasticLoadBalancing,
          },
    files: {
      [DEPLOYMENT_FILE]: new pulumi.asset.StringAsset(JSON.stringify(deployment)),
      ...(inputs.weatherPath ? { [WEATHER_FILE]: new pulumi.asset.FileAsset(inputs.weatherPath) } : {}),
    },
    environment: {
      // No KARST_SITE: the site (perhaps imported from karst:siteFile) is in the deployment document.
      KARST_DEPLOYMENT_FILE: DEPLOYMENT_FILE,
      KARST_STACK: stack,
      KARST_EMIT_EMF: '1',
    },
    ...(config.statusWriteToken ? { writeToken: config.statusWriteToken } : {}),
    tags,
  });
  const observability = new Observability(`${name}-observability`, {
    ...(config.aws.alertEmail ? { alertEmail: config.aws.alertEmail } : {}),
    functionName: service.functionName,
    siteId: site.id,
    budgetPeakFacilityPowerKw: budget.headroom.peakFacilityPowerKw,
    monthlyBudgetEnergyMwh: budget.months.map((month) => month.facilityEnergyMwh),
    tags,
  });
  return { budget, sizing, network, pool, store, service, observability };
}

/** The deployment document's path in the Lambda archive (KARST_DEPLOYMENT_FILE). */
export const DEPLOYMENT_FILE = 'karst-deployment.json';
/** The weather file's path in the Lambda archive, when the stack sets karst:weatherFile. */
export const WEATHER_FILE = 'karst-weather.epw';

/**
 * The deployment as the status service reads it (apps/status, KARST_DEPLOYMENT_FILE): the plan the
 * budget was computed from, with its resolved site, and the weather file's name in the archive.
 */
export function deploymentDocument(inputs: RegionInputs) {
  const { config } = inputs;
  return {
    stack: inputs.stack,
    plan: {
      site: inputs.site,
      itPlan: config.itPlan,
      cooling: config.cooling,
      carbon: config.carbon,
      gridConnection: { capKw: config.powerCapKw },
      ...(config.tariff ? { tariff: config.tariff } : {}),
    },
    ...(inputs.weatherPath ? { weatherFile: WEATHER_FILE } : {}),
  };
}

/** The stack outputs: the budget's figures, the pool's sizing and where the service answers. */
export function regionOutputs(region: Region) {
  const { budget, sizing } = region;
  const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    site: budget.site.id,
    coolingDesign: budget.coolingDesign,
    /** The weather file's (or imported site's) warnings, as every karst tool prints them. */
    weatherWarnings: budget.weatherWarnings.map((warning) => warning.message),
    /** Where the budget's figures rest on equipment past its rating (the transformer, air-cooled density). */
    planWarnings: budget.planWarnings.map((warning) => warning.message),
    budget: {
      pue: round(budget.annual.pue, 3),
      itEnergyMwh: round(budget.annual.itEnergyMwh),
      facilityEnergyMwh: round(budget.annual.facilityEnergyMwh),
      cost: round(budget.annual.cost, 0),
      currency: budget.site.currency,
      carbonLocationBasedTCo2e: round(budget.annual.carbonLocationBasedTCo2e),
      carbonMarketBasedTCo2e: round(budget.annual.carbonMarketBasedTCo2e),
      waterM3: round(budget.annual.waterM3),
      economizerHours: budget.annual.economizerHours,
      peakFacilityPowerKw: round(budget.headroom.peakFacilityPowerKw),
      capKw: budget.headroom.capKw,
      headroomKw: round(budget.headroom.marginKw),
      withinCap: budget.headroom.withinCap,
      maxRacks: budget.headroom.maxRacks,
      monthlyFacilityEnergyMwh: budget.months.map((month) => round(month.facilityEnergyMwh)),
    },
    computePool: {
      maxNodes: sizing.maxSize,
      desiredNodes: sizing.desiredSize,
      nodeItKw: sizing.nodeItKw,
      capped: sizing.capped,
    },
    vpcId: region.network.vpcId,
    privateSubnetIds: region.network.privateSubnetIds,
    autoScalingGroupName: region.pool.autoScalingGroupName,
    telemetryTableName: region.store.tableName,
    archiveBucketName: region.store.archiveBucketName,
    statusUrl: region.service.url,
    alertTopicArn: region.observability.alertTopicArn,
  };
}
