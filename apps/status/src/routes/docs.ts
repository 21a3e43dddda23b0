import { gunzipSync } from 'node:zlib';
import { z } from '@hono/zod-openapi';
import { escapeHtml } from '@karst/charts';
import type { App } from '../deps.js';
import { DOCS_ASSETS, type DocsAssetName, docsAsset } from './docs-assets.js';

type Json = Record<string, unknown>;

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json; example?: unknown }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Json; example?: unknown }> }
  >;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

export const OPENAPI_INFO = {
  title: 'Karst status service',
  version: '0.1.0',
  description:
    'Where the deployment is, what its energy and cooling budget is, and how the data hall is doing against it. ' +
    'Writes need `Authorization: Bearer <token>`; errors are `application/problem+json` documents naming the failing field.',
};

/** RFC 9457 problem details, as every error of the service is sent. */
const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each failing field',
  properties: {
    type: { type: 'string' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', example: 'readings.0.facilityPowerKw' },
          message: { type: 'string' },
        },
        required: ['path', 'message'],
      },
    },
  },
  required: ['title', 'status'],
};

/** Request bodies to show, and to send for the response example when the call only reads. */
const REQUEST_EXAMPLES: Record<
  string,
  { body: unknown; send: boolean; response?: { status: string; body: unknown } }
> = {
  'post /v1/budget': {
    body: { site: 'guiyang', itPlan: { racks: 600, kwPerRack: 10, utilization: 0.6 } },
    send: true,
  },
  // A write: shown, never sent while building the document.
  'post /v1/telemetry': {
    body: {
      readings: [
        {
          source: 'meter:utility-main',
          timestamp: '2026-11-28T12:00:00Z',
          facilityPowerKw: 3_540,
          itPowerKw: 3_000,
          outdoorDryBulbC: 14.2,
          outdoorDewPointC: 9.8,
          inletTemperaturesC: [23.9, 24.3],
        },
      ],
    },
    send: false,
    response: { status: '200', body: { received: 1, inserted: 1, duplicates: 0 } },
  },
};

/**
 * GET routes not called for an example while the document is built: the document itself (it would wait
 * for itself) and the pages and files, whose examples are written with their entries.
 */
const NOT_FETCHED = new Set(['/openapi.json', '/', '/metrics', '/docs', '/docs/assets/{name}']);

/** Examples of parameters whose routes give none, by name: a meter id as the telemetry example uses. */
const PARAMETER_EXAMPLES: Record<string, unknown> = { id: 'meter:utility-main' };

/** A JSON Schema of `value`'s shape, for responses whose route declares only "an object". */
export function inferSchema(value: unknown, depth = 0): Json {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value))
    return {
      type: 'array',
      ...(value.length > 0 && depth < 8 ? { items: inferSchema(value[0], depth + 1) } : {}),
    };
  if (typeof value === 'object') {
    if (depth >= 8) return { type: 'object' };
    const entries = Object.entries(value as Json);
    return {
      type: 'object',
      properties: Object.fromEntries(entries.map(([key, item]) => [key, inferSchema(item, depth + 1)])),
      required: entries.map(([key]) => key),
    };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

/**
 * An example value built from a JSON Schema: its own `example`, the first enum value or default, a
 * placeholder per type otherwise; `$ref`s resolved against the document's components. For writes, which
 * are not sent while the document is built.
 */
export function exampleFromSchema(
  schema: Json | undefined,
  schemas: Record<string, Json>,
  depth = 0,
): unknown {
  if (!schema || depth > 8) return null;
  if (typeof schema.$ref === 'string')
    return exampleFromSchema(schemas[schema.$ref.split('/').pop() ?? ''], schemas, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(schema[key])) return exampleFromSchema((schema[key] as Json[])[0], schemas, depth + 1);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries((schema.properties as Record<string, Json> | undefined) ?? {}).map(([key, value]) => [
          key,
          exampleFromSchema(value, schemas, depth + 1),
        ]),
      );
    case 'array':
      return [exampleFromSchema(schema.items as Json | undefined, schemas, depth + 1)];
    case 'string':
      return schema.format === 'date-time' ? '2026-11-28T12:00:00Z' : 'string';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function isGenericObject(schema: Json | undefined): boolean {
  return (
    schema?.type === 'object' &&
    schema.properties === undefined &&
    typeof schema.additionalProperties === 'object' &&
    Object.keys(schema.additionalProperties as Json).length === 0
  );
}

/** A path with its parameters' examples filled in, e.g. /v1/sites/guiyang or /v1/compare?sites=... */
function exampleUrl(path: string, operation: Operation): string | null {
  let url = path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const example = parameter.example ?? parameter.schema?.example;
    if (example === undefined) {
      if (parameter.in === 'path') return null;
      continue;
    }
    if (parameter.in === 'path')
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(example)));
    else if (parameter.in === 'query') query.set(parameter.name, String(example));
  }
  const search = query.toString();
  return search ? `${url}?${search}` : url;
}

/**
 * The OpenAPI document with what a reader needs on every operation: a request example, a response example
 * taken from this service itself (reads are called through `app.request` with the parameters' examples),
 * a response schema where the route declared only "an object" (inferred from that example), and the
 * problem document on every error response.
 */
async function completeDocument(app: App, document: OpenApiDocument): Promise<OpenApiDocument> {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA;
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method} ${path}`;
      const request = REQUEST_EXAMPLES[key];
      const body = operation.requestBody?.content?.['application/json'];
      const schemas = document.components?.schemas ?? {};
      for (const parameter of operation.parameters ?? [])
        if (
          parameter.required &&
          parameter.example === undefined &&
          parameter.schema?.example === undefined
        ) {
          const fallback = PARAMETER_EXAMPLES[parameter.name] ?? exampleFromSchema(parameter.schema, schemas);
          parameter.example = fallback;
        }
      if (body) body.example = request ? request.body : exampleFromSchema(body.schema, schemas);
      let status: string | null = null;
      let example: unknown;
      if (request?.response) {
        status = request.response.status;
        example = request.response.body;
      } else if ((method === 'get' && !NOT_FETCHED.has(path)) || request?.send) {
        const url = exampleUrl(path, operation);
        if (url !== null) {
          const init: RequestInit =
            method === 'get'
              ? {}
              : {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify(request?.body),
                };
          const response = await app.request(url, init);
          if ((response.headers.get('content-type') ?? '').includes('json')) {
            status = String(response.status);
            example = await response.json();
          }
        }
      }
      for (const [code, response] of Object.entries(operation.responses ?? {})) {
        if (Number(code) >= 400 && response.content === undefined)
          response.content = {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          };
        const content = response.content?.['application/json'];
        // A write that is not sent here: its success example follows the response schema.
        if (content && content.example === undefined && status === null && code.startsWith('2'))
          content.example = exampleFromSchema(content.schema, schemas);
        if (code === status && content && example !== undefined) {
          content.example = example;
          if (isGenericObject(content.schema))
            content.schema = { ...inferSchema(example), description: 'the shape of the example response' };
        }
      }
    }
  }
  return document;
}

/** An excerpt of /metrics as Prometheus scrapes it (the service's own names; base units). */
const METRICS_EXAMPLE = `# HELP karst_budget_pue_ratio Annual energy-weighted PUE of the budget.
# TYPE karst_budget_pue_ratio gauge
karst_budget_pue_ratio{site="guiyang"} 1.141
# HELP karst_live_facility_power_watts Facility power of the latest readings.
# TYPE karst_live_facility_power_watts gauge
karst_live_facility_power_watts{site="guiyang"} 3540000
# HELP karst_telemetry_readings_stored Readings in the store.
# TYPE karst_telemetry_readings_stored gauge
karst_telemetry_readings_stored 1
`;

const HTML_PAGE = z.string().openapi({ description: 'an HTML page' });

/**
 * The routes that answer other than JSON (the dashboard, Prometheus metrics, this reference and its
 * files, the document itself), described so the document names every route the app serves (app.test.ts
 * fails on a route without an entry). Their handlers are registered by their own modules.
 */
function registerNonJsonPaths(app: App): void {
  const registry = app.openAPIRegistry;
  registry.registerPath({
    method: 'get',
    path: '/',
    summary: "The dashboard: the site's budget, live power against it, meters and alerts",
    description:
      'Server-rendered HTML with inline SVG charts (no script). `range` picks the live chart: the last 24 h in ' +
      '5-minute means, the last 7 days or the month so far in hourly means.',
    request: {
      query: z.object({
        range: z
          .enum(['24h', '7d', 'month'])
          .optional()
          .openapi({ example: '7d', description: 'the live chart range; 24h when absent or unknown' }),
      }),
    },
    responses: {
      200: {
        description: 'the dashboard page',
        content: {
          'text/html': {
            schema: HTML_PAGE,
            example:
              '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Karst: Guiyang</title>…',
          },
        },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics: budget gauges, live figures, readings, alerts and request durations',
    description:
      "Prometheus text exposition format 0.0.4, in base units (watts, joules, ratios), with prom-client's " +
      'default process metrics. Rendered at most once a second.',
    responses: {
      200: {
        description: 'the metrics',
        content: {
          'text/plain; version=0.0.4; charset=utf-8': {
            schema: z.string().openapi({ description: 'Prometheus text exposition format' }),
            example: METRICS_EXAMPLE,
          },
        },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    responses: {
      200: {
        description: 'the document',
        content: {
          'application/json': {
            schema: z
              .object({
                openapi: z.string(),
                info: z.object({}).passthrough(),
                paths: z.object({}).passthrough(),
              })
              .passthrough()
              .openapi({ description: 'OpenAPI 3.1' }),
            example: { openapi: '3.1.0', info: OPENAPI_INFO, paths: {} },
          },
        },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    summary: 'This interactive reference (Swagger UI)',
    responses: {
      200: {
        description: 'the reference page',
        content: {
          'text/html': { schema: HTML_PAGE, example: '<!doctype html>\n<html lang="en"><head>…' },
        },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs/assets/{name}',
    summary: "The reference's own files: Swagger UI's script and style sheet, and the page's start-up script",
    description: 'Gzipped when the client accepts gzip; cached for a day (init.js for 5 minutes).',
    request: {
      params: z.object({
        name: z
          .enum(['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js'])
          .openapi({ example: 'init.js', param: { name: 'name', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'the file',
        content: {
          'text/javascript; charset=utf-8': {
            schema: z.string(),
            example: "window.ui = SwaggerUIBundle({\n  url: '/openapi.json',\n…",
          },
          'text/css; charset=utf-8': { schema: z.string(), example: '.swagger-ui{…}' },
        },
      },
      404: { description: 'no such file' },
    },
  });
}

/** The page's script: Swagger UI on /openapi.json (a file, since the CSP allows no inline script). */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  defaultModelsExpandDepth: 1,
  displayRequestDuration: true,
});
`;

/**
 * OpenAPI 3.1 at /openapi.json, and an interactive reference at /docs: Swagger UI (swagger-ui-dist), its
 * files served by this app under /docs/assets/ (no CDN), with schemas, parameters, an example per route
 * and "Try it out" against this service.
 */
export function registerDocs(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registerNonJsonPaths(app);
  let completed: Promise<OpenApiDocument> | null = null;
  const openApi = () => {
    completed ??= completeDocument(
      app,
      app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO }) as unknown as OpenApiDocument,
    ).catch((error: unknown) => {
      completed = null;
      throw error;
    });
    return completed;
  };

  app.get('/openapi.json', async (c) => c.json(await openApi()));

  app.get('/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(OPENAPI_INFO.title)}: API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body>
<noscript>The interactive reference needs JavaScript; the description itself is at
<a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`),
  );

  app.get('/docs/assets/init.js', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(DOCS_ASSETS, name)) return c.notFound();
    const asset = name as DocsAssetName;
    const gzipped = docsAsset(asset);
    c.header('content-type', DOCS_ASSETS[asset]);
    c.header('cache-control', 'public, max-age=86400');
    c.header('vary', 'accept-encoding');
    if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? ''))
      return c.body(new Uint8Array(gunzipSync(gzipped)));
    c.header('content-encoding', 'gzip');
    return c.body(gzipped);
  });
}
