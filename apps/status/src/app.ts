import { OpenAPIHono } from '@hono/zod-openapi';
import { issuesOf } from '@karst/climate';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { rateLimiter } from 'hono-rate-limiter';
import { corsOrigins } from './config.js';
import type { AppDeps, RouteContext } from './deps.js';
import { clientKey } from './http/client-key.js';
import { envelope } from './http/envelope.js';
import type { HotLaneRoutes } from './http/hot-lane.js';
import { ServiceMetrics } from './http/metrics.js';
import { fieldErrors, problem } from './http/problem.js';
import { registerBudget } from './routes/budget.js';
import { registerDashboard } from './routes/dashboard.js';
import { registerDocs } from './routes/docs.js';
import { registerHealth } from './routes/health.js';
import { registerMeters } from './routes/meters.js';
import { registerMetrics } from './routes/metrics.js';
import { registerSites } from './routes/sites.js';
import { registerStatus } from './routes/status.js';
import { registerTelemetry } from './routes/telemetry.js';
import { trackWrites } from './store/write-health.js';
import { LiveState } from './telemetry/live-state.js';
import { MeterRegistry } from './telemetry/meter-registry.js';
import { metersFromJson } from './telemetry/meters.js';

/**
 * The status service as a Hono app. Pure of I/O beyond its deps, so tests call `app.request()` without a
 * socket; server.ts (Node) and lambda.ts (AWS Lambda) wrap it.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  return createAppParts(deps).app;
}

/**
 * The app, and what the Node server needs besides it: the hot GET routes it may answer in its own
 * listener (same body, headers and metrics) and the CORS setting that sends requests with an Origin to
 * the app instead.
 */
export function createAppParts(deps: AppDeps): { app: OpenAPIHono; hotLane: HotLaneRoutes } {
  const { store, writeHealth } = trackWrites(deps.store);
  const meters = new MeterRegistry(
    store,
    metersFromJson(deps.config.KARST_METERS_JSON),
    {
      staleAfterS: deps.config.KARST_STALE_AFTER_S,
      // A meter outside the registry cannot plausibly read more than twice the grid connection.
      ratingKw: 2 * deps.budgets.deployment.headroom.capKw,
    },
    deps.clock,
  );
  const ctx: RouteContext = {
    ...deps,
    store,
    writeHealth,
    hot: new Map(),
    lifecycle: deps.lifecycle ?? { shuttingDown: false },
    meters,
    live: new LiveState(store, deps.budgets, meters, deps.clock, deps.config.KARST_STALE_AFTER_S),
    metrics: new ServiceMetrics(),
    startedAtMs: deps.clock(),
  };

  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problem(c, 400, 'Invalid request', fieldErrors(issuesOf(result.error, '(body)')));
      }
    },
  });

  // Request id, security headers and request metrics in one middleware, outermost (see http/envelope.ts).
  app.use(
    envelope((route, method, status, durationS) => ctx.metrics.observe(route, method, status, durationS)),
  );
  const origins = corsOrigins(deps.config);
  if (origins.length > 0) app.use(cors({ origin: origins, allowMethods: ['GET', 'POST'], maxAge: 600 }));
  // Only writes carry bodies. Checking a GET's body would make the Node adapter build a full Request for
  // every read, which costs more than the rest of a status request.
  const limitBody = bodyLimit({
    maxSize: deps.config.KARST_BODY_LIMIT_BYTES,
    onError: (c) => {
      // The rest of an oversized body is never read, so the connection cannot carry another request.
      c.header('connection', 'close');
      return problem(c, 413, 'Payload too large', {
        detail: `bodies are limited to ${deps.config.KARST_BODY_LIMIT_BYTES} bytes`,
      });
    },
  });
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  // What-if budgets are unauthenticated and cost 27-650 ms of CPU each when new: a per-client budget of
  // them keeps one client from taking the CPU from everyone else (a 429 problem says when to retry).
  if (deps.config.KARST_BUDGET_RATE_PER_MIN > 0) {
    const limitBudgets = rateLimiter({
      windowMs: 60_000,
      limit: deps.config.KARST_BUDGET_RATE_PER_MIN,
      standardHeaders: 'draft-7',
      keyGenerator: clientKey,
      handler: (c) =>
        problem(c, 429, 'Too many requests', {
          detail: `at most ${deps.config.KARST_BUDGET_RATE_PER_MIN} what-if budgets per minute per client; retry after the time in the retry-after header`,
        }),
    });
    app.use('/v1/budget', (c, next) => (c.req.method === 'POST' ? limitBudgets(c, next) : next()));
  }
  // Budgets with hourly series, site lists and the OpenAPI document run to megabytes of JSON: compressed
  // for clients that accept it. Not on /v1/status and the probes, whose small bodies gain nothing.
  // The telemetry route only for its reads: a POST answers ~50 bytes, which compress cannot size up front
  // (no content-length on c.json), so it gzipped every ingest reply through a CompressionStream.
  const compressLarge = compress({ threshold: 8192 });
  for (const path of ['/v1/budget', '/v1/sites', '/v1/sites/*', '/v1/compare', '/openapi.json'])
    app.use(path, compressLarge);
  app.use('/v1/telemetry', (c, next) => (c.req.method === 'GET' ? compressLarge(c, next) : next()));

  registerHealth(app, ctx);
  registerStatus(app, ctx);
  registerSites(app, ctx);
  registerBudget(app, ctx);
  registerTelemetry(app, ctx);
  registerMeters(app, ctx);
  registerMetrics(app, ctx);
  registerDocs(app);
  registerDashboard(app, ctx);

  app.notFound((c) => problem(c, 404, 'Not found', { detail: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((error, c) => {
    // Hono's own refusals (malformed JSON, an unsupported media type) carry their status: a client error.
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return problem(c, status, status === 415 ? 'Unsupported media type' : 'Invalid request', {
        detail: status === 415 ? 'send the body as application/json' : error.message,
        errors: [{ path: '(body)', message: error.message }],
      });
    }
    console.error(`request ${c.get('requestId')} failed:`, error);
    return problem(c, 500, 'Internal error', {
      detail: `request ${c.get('requestId')} failed; see the server log`,
    });
  });
  return {
    app,
    hotLane: {
      routes: ctx.hot,
      recorder: (route) => ctx.metrics.recorder(route, 'GET', 200),
      corsEnabled: origins.length > 0,
    },
  };
}
