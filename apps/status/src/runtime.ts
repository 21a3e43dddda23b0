import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { issuesOf, ROOT_PATH, ValidationError } from '@karst/climate';
import { type PlanInput, planSchema } from '@karst/energy';
import { createAppParts } from './app.js';
import { BudgetService } from './budget-service.js';
import { type ServiceConfig, serviceConfigFromEnv } from './config.js';
import { readDeploymentFile } from './deployment-file.js';
import type { HotLaneRoutes } from './http/hot-lane.js';
import { openStore } from './store/open-store.js';
import type { TelemetryStore } from './store/telemetry-store.js';

export interface Runtime {
  app: OpenAPIHono;
  /** The hot GET routes the Node server answers in its own listener (src/http/hot-lane.ts). */
  hotLane: HotLaneRoutes;
  store: TelemetryStore;
  budgets: BudgetService;
  config: ServiceConfig;
  lifecycle: { shuttingDown: boolean };
  /** True when the write token was generated for this process (printed once at start). */
  generatedWriteToken: boolean;
}

function planFromConfig(config: ServiceConfig): PlanInput {
  if (!config.KARST_PLAN_JSON) return { site: config.KARST_SITE };
  let plan: unknown;
  try {
    plan = JSON.parse(config.KARST_PLAN_JSON);
  } catch (error) {
    throw new ValidationError('environment', [
      { path: 'KARST_PLAN_JSON', message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
    throw new ValidationError('environment', [
      { path: 'KARST_PLAN_JSON', message: 'must be a JSON object with plan fields (itPlan, cooling, ...)' },
    ]);
  }
  if ('site' in plan) {
    throw new ValidationError('environment', [
      { path: 'KARST_PLAN_JSON.site', message: 'set the site with KARST_SITE, not in the plan' },
    ]);
  }
  // Strict: an unknown key (a typo such as `utilisation`) stops the start, naming the key it likely meant.
  const result = planSchema.safeParse({ ...plan, site: config.KARST_SITE });
  if (!result.success) {
    throw new ValidationError(
      'environment',
      issuesOf(result.error)
        .slice(0, 20)
        .map((issue) => ({
          path: issue.path === ROOT_PATH ? 'KARST_PLAN_JSON' : `KARST_PLAN_JSON.${issue.path}`,
          message: issue.message,
        })),
    );
  }
  return result.data;
}

/**
 * Everything the service needs, from the environment: configuration, the store it names, the budget
 * (computed here, once), and the app. Server and Lambda both start through this.
 */
export async function runtimeFromEnv(
  env: Record<string, string | undefined>,
  options: { generateWriteToken: boolean },
): Promise<Runtime> {
  let config = serviceConfigFromEnv(env);
  let generatedWriteToken = false;
  if (!config.KARST_WRITE_TOKEN && options.generateWriteToken) {
    config = { ...config, KARST_WRITE_TOKEN: randomBytes(24).toString('base64url') };
    generatedWriteToken = true;
  }
  const deployment = config.KARST_DEPLOYMENT_FILE
    ? await readDeploymentFile(config.KARST_DEPLOYMENT_FILE, env.LAMBDA_TASK_ROOT ?? process.cwd())
    : { plan: planFromConfig(config) };
  const budgets = new BudgetService(deployment.plan, config.KARST_BUDGET_CACHE_BYTES, {
    ...(deployment.weather ? { weather: deployment.weather } : {}),
  });
  const store = await openStore(config.store);
  const lifecycle = { shuttingDown: false };
  const { app, hotLane } = createAppParts({ store, budgets, clock: Date.now, config, lifecycle });
  return { app, hotLane, store, budgets, config, lifecycle, generatedWriteToken };
}
