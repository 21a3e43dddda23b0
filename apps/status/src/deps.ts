import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BudgetService } from './budget-service.js';
import type { ServiceConfig } from './config.js';
import type { HotRoute } from './http/hot-lane.js';
import type { ServiceMetrics } from './http/metrics.js';
import type { TelemetryStore } from './store/telemetry-store.js';
import type { WriteHealth } from './store/write-health.js';
import type { LiveState } from './telemetry/live-state.js';
import type { MeterRegistry } from './telemetry/meter-registry.js';

/** What the app needs from the outside world; tests pass their own. */
export interface AppDeps {
  store: TelemetryStore;
  budgets: BudgetService;
  /** Milliseconds since the Unix epoch. */
  clock: () => number;
  config: ServiceConfig;
  /** Set by the server when it begins to shut down: /readyz then fails first. */
  lifecycle?: { shuttingDown: boolean };
}

/** The dependencies every route module receives, with the app-wide state createApp builds. */
export interface RouteContext extends AppDeps {
  /** The last write's outcome: a failed write makes /readyz fail until a write succeeds. */
  writeHealth: WriteHealth;
  /** GET routes the Node server may answer without the framework (see http/hot-lane.ts), by exact URL. */
  hot: Map<string, HotRoute>;
  live: LiveState;
  meters: MeterRegistry;
  metrics: ServiceMetrics;
  startedAtMs: number;
  lifecycle: { shuttingDown: boolean };
}

export type App = OpenAPIHono;
